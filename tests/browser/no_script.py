#!/usr/bin/env python3
"""Prints the DOM of a page opened with scripts off, as the browser holds it
once loaded: headless Chromium driven over its DevTools pipe (fds 3 and 4,
no network port), with script execution disabled before the page is
opened. For tests/interactive_browser.rs.

    no_script.py BROWSER PROFILE_DIR URL [FLAG...]
"""
import json
import os
import subprocess
import sys


def main():
    browser, profile, url, *flags = sys.argv[1:]
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()

    def child_fds():
        os.dup2(to_browser_r, 3)
        os.dup2(from_browser_w, 4)

    proc = subprocess.Popen(
        [browser, *flags, "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"],
        pass_fds=(3, 4), preexec_fn=child_fds,
        stdout=subprocess.DEVNULL, stderr=None if os.environ.get("NO_SCRIPT_DEBUG") else subprocess.DEVNULL)
    os.close(to_browser_r)
    os.close(from_browser_w)
    out = os.fdopen(to_browser_w, "wb", buffering=0)
    inp = os.fdopen(from_browser_r, "rb")
    buffered = b""
    next_id = [0]

    def read_message():
        nonlocal buffered
        while b"\0" not in buffered:
            chunk = inp.read1(1 << 20) if hasattr(inp, "read1") else os.read(inp.fileno(), 1 << 20)
            if not chunk:
                raise SystemExit("the browser closed its pipe")
            buffered += chunk
        message, buffered = buffered.split(b"\0", 1)
        return json.loads(message)

    def send(method, params=None, session=None, wait_event=None):
        next_id[0] += 1
        message = {"id": next_id[0], "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        out.write(json.dumps(message).encode() + b"\0")
        result = None
        event_seen = wait_event is None
        while result is None or not event_seen:
            m = read_message()
            if m.get("id") == next_id[0]:
                if "error" in m:
                    raise SystemExit("%s: %s" % (method, m["error"]))
                result = m["result"]
            elif wait_event and m.get("method") == wait_event:
                event_seen = True
        return result

    try:
        targets = send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        session = send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        send("Page.enable", session=session)
        send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
        send("Page.navigate", {"url": url}, session=session, wait_event="Page.loadEventFired")
        root = send("DOM.getDocument", {"depth": 0}, session=session)["root"]
        html = send("DOM.getOuterHTML", {"nodeId": root["nodeId"]}, session=session)["outerHTML"]
        sys.stdout.write(html)
    finally:
        try:
            send("Browser.close")
        except SystemExit:
            pass
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
