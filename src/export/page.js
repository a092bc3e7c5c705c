// codecision's interactive report. The engine (the codecision library
// compiled to WebAssembly) and the register are in the page; this script
// asks the engine for the report at the date the reader picks and puts it
// in place of the page's content. It reads `#as-of=YYYY-MM-DD&since=
// YYYY-MM-DD` from the URL on opening and writes it back as the reader
// moves. It fetches nothing.
//
// The engine's interface: `input(len)` gives the address of a buffer of
// `len` bytes for the next call's UTF-8 input; `load()` reads a register,
// `report()` a question; each returns 0 (answered) or 1 (refused), with the
// answer or the error's message at `output_ptr()`, `output_len()` bytes.
//
// For tests and measurements the page writes on <html>: data-engine
// ("ready" or "failed"), data-as-of and data-since (what is shown),
// data-open-ms (from navigation start to the first report in place, laid
// out), data-render-ms (the last change; data-engine-ms of it in the
// engine, data-parse-ms making the page's elements, the rest laying them
// out), data-forecasts (whether they are shown), data-forecast-ms (the
// last change with forecasts), and with `&measure=N` in the URL,
// data-change-ms and data-change-max-ms: the mean and the longest of N
// changes of date spread over the slider's range.
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var byId = function (id) { return doc.getElementById(id); };
  var question = JSON.parse(byId('codecision-question').textContent);
  var controls = byId('codecision-controls');
  var slider = byId('as-of-slider');
  var asOfInput = byId('as-of-date');
  var sinceInput = byId('since-date');
  var forecastBox = byId('forecast-box');
  var status = byId('codecision-status');
  var main = doc.querySelector('main');
  var titleText = doc.createElement('textarea');
  var DAY = 86400000;
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var engine = null;

  function dayOf(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
  }
  function isoOf(day) {
    return new Date(day * DAY).toISOString().slice(0, 10);
  }
  function validDate(text) {
    return typeof text === 'string' && ISO.test(text) && isoOf(dayOf(text)) === text;
  }

  var first = dayOf(question.first);
  var last = Math.max(dayOf(question.deadline), dayOf(question.as_of),
    Math.floor(Date.now() / DAY));

  function call(name, text) {
    var bytes = encoder.encode(text);
    var at = engine.input(bytes.length) >>> 0;
    new Uint8Array(engine.memory.buffer, at, bytes.length).set(bytes);
    var code = engine[name]();
    var out = decoder.decode(new Uint8Array(engine.memory.buffer,
      engine.output_ptr() >>> 0, engine.output_len() >>> 0));
    if (code !== 0) {
      throw new Error(out);
    }
    return out;
  }

  function writeHash(asOf, since) {
    var hash = '#as-of=' + asOf + (since ? '&since=' + since : '');
    if (location.hash === hash) {
      return;
    }
    try {
      history.replaceState(null, '', hash);
    } catch (e) {
      location.replace(hash);
    }
  }

  // Says `message` under the controls; an error is also written on <html>
  // (data-error) for tests.
  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : '';
    if (isError) {
      root.setAttribute('data-error', message);
    } else {
      root.removeAttribute('data-error');
    }
  }

  // Puts the report as of `asOf` (since `since`, if given; with the
  // forecasts if `withForecasts`) in place, and notes how long it took.
  // Returns false (and says why) if the engine refused the question.
  function render(asOf, since, withForecasts) {
    var start = performance.now();
    var out;
    try {
      out = call('report', JSON.stringify({
        target: question.target,
        by: question.by,
        as_of: asOf,
        since: since || null,
        forecast: withForecasts,
        seed: question.seed,
        simulations: question.simulations
      }));
    } catch (e) {
      say(e.message, true);
      return false;
    }
    var answered = performance.now();
    var nl = out.indexOf('\n');
    titleText.innerHTML = out.slice(0, nl);
    doc.title = titleText.value;
    main.innerHTML = out.slice(nl + 1);
    var parsed = performance.now();
    void main.offsetHeight; // laid out before the clock stops
    var took = performance.now() - start;
    say('');
    slider.value = String(dayOf(asOf) - first);
    asOfInput.value = asOf;
    sinceInput.value = since || '';
    root.setAttribute('data-as-of', asOf);
    root.setAttribute('data-since', since || '');
    root.setAttribute('data-forecasts', withForecasts ? 'yes' : 'no');
    root.setAttribute('data-render-ms', took.toFixed(1));
    root.setAttribute('data-engine-ms', (answered - start).toFixed(1));
    root.setAttribute('data-parse-ms', (parsed - answered).toFixed(1));
    if (withForecasts) {
      root.setAttribute('data-forecast-ms', took.toFixed(1));
      slowForecasts = took > SLOW;
    }
    writeHash(asOf, since);
    return true;
  }

  // A report with forecasts that took longer than this (ms) makes the page
  // show each date first without them, then with them once computed.
  var SLOW = 250;
  var slowForecasts = true;
  var later = 0;

  // Shows the report as of `asOf` (since `since`): with the forecasts at
  // once if they come fast, else first without them and then with them,
  // unless the reader has moved on.
  function show(asOf, since) {
    clearTimeout(later);
    var want = forecastBox.checked;
    var shown = render(asOf, since, want && !slowForecasts);
    if (shown && want && slowForecasts) {
      say('Computing the forecasts as known on ' + asOf + '\u2026');
      later = setTimeout(function () {
        render(asOf, since, true);
      }, 20);
    }
    return shown;
  }

  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    return {
      asOf: params.get('as-of'),
      since: params.get('since'),
      measure: params.get('measure')
    };
  }

  // The dates the URL asks for, or the page's own where it asks none; a
  // date that is not one is said, and the page's own used.
  function showHash() {
    var asked = fromHash();
    var asOf = question.as_of;
    var since = question.since;
    var wrong = [];
    if (asked.asOf !== null) {
      if (validDate(asked.asOf)) {
        asOf = asked.asOf;
      } else {
        wrong.push('as-of=' + asked.asOf);
      }
    }
    if (asked.since !== null) {
      if (asked.since === '' || validDate(asked.since)) {
        since = asked.since || null;
      } else {
        wrong.push('since=' + asked.since);
      }
    }
    var shown = show(asOf, since);
    if (wrong.length) {
      say('not a date (YYYY-MM-DD) in the address: ' + wrong.join(', '), true);
    }
    return shown;
  }

  // The test hook `&measure=N`: N changes of date spread over the
  // slider's range, as the slider makes them (with the forecasts at once
  // if they come fast, else without: data-change-forecasts says which),
  // then the dates asked for again, with the forecasts.
  function measure(n) {
    var asOf = asOfInput.value;
    var since = sinceInput.value;
    if (forecastBox.checked) {
      render(asOf, since, true); // learns whether forecasts come fast
    }
    var total = 0;
    var longest = 0;
    for (var i = 0; i < n; i++) {
      var day = first + Math.round((last - first) * (i + 0.5) / n);
      var start = performance.now();
      show(isoOf(day), since);
      var took = performance.now() - start;
      total += took;
      longest = Math.max(longest, took);
    }
    root.setAttribute('data-change-forecasts',
      forecastBox.checked && !slowForecasts ? 'yes' : 'no');
    clearTimeout(later);
    render(asOf, since, forecastBox.checked);
    root.setAttribute('data-changes', String(n));
    root.setAttribute('data-change-ms', (total / n).toFixed(1));
    root.setAttribute('data-change-max-ms', longest.toFixed(1));
  }

  var pending = false;
  function update() {
    if (validDate(asOfInput.value)) {
      show(asOfInput.value, validDate(sinceInput.value) ? sinceInput.value : null);
    }
  }
  function soon() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        update();
      });
    }
  }

  function start(instance) {
    engine = instance.exports;
    call('load', byId('codecision-register').textContent);
    slider.min = '0';
    slider.max = String(last - first);
    asOfInput.min = sinceInput.min = isoOf(first);
    asOfInput.max = sinceInput.max = isoOf(last);
    forecastBox.checked = !!question.forecast;
    if (!question.forecast_built_in) {
      byId('forecast-label').hidden = true;
    }
    slider.addEventListener('input', function () {
      asOfInput.value = isoOf(first + +slider.value);
      soon();
    });
    asOfInput.addEventListener('change', update);
    sinceInput.addEventListener('change', update);
    forecastBox.addEventListener('change', update);
    window.addEventListener('hashchange', showHash);
    controls.hidden = false;
    var n = +fromHash().measure;
    showHash();
    root.setAttribute('data-engine', 'ready');
    root.setAttribute('data-open-ms', performance.now().toFixed(0));
    if (n > 0) {
      measure(Math.min(n, 1000));
    }
  }

  function fail(e) {
    root.setAttribute('data-engine', 'failed');
    controls.hidden = false;
    slider.disabled = asOfInput.disabled = sinceInput.disabled = forecastBox.disabled = true;
    say('The report cannot move through time in this browser (' + (e && e.message || e) +
      '); it shows ' + question.as_of + '.', true);
  }

  // The engine is compiled and the first report put in place while the
  // page loads (so a link opens on its date with no flash of another); a
  // browser that refuses to compile this much on its main thread compiles
  // it in the background instead.
  try {
    var text = atob(byId('codecision-engine').textContent.trim());
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      bytes[i] = text.charCodeAt(i);
    }
    var instance = null;
    try {
      instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    } catch (e) {
      if (!(e instanceof RangeError)) {
        throw e;
      }
    }
    if (instance) {
      start(instance);
    } else {
      WebAssembly.instantiate(bytes, {}).then(function (result) {
        try {
          start(result.instance);
        } catch (e) {
          fail(e);
        }
      }, fail);
    }
  } catch (e) {
    fail(e);
  }
}());
