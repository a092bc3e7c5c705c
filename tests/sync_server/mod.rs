//! A small HTTP server on 127.0.0.1 for the sync tests: each request is
//! answered by a closure of the path and how many times it was asked
//! before, and recorded. It reaches no other address.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One answer of the test server.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Send only this many bytes of the body (the header says all of it),
    /// then close.
    pub cut: Option<usize>,
}

impl Reply {
    pub fn json(body: &str) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type", "application/ld+json".into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            cut: None,
        }
    }

    pub fn status(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "text/html".into())],
            ..Reply::json(body)
        }
    }
}

/// A server on 127.0.0.1 that answers each request with `route(path and
/// query, how many times that path was asked before)` and records every
/// request.
pub struct Server {
    pub api: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(route: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let api = format!("http://{}/api/v2", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&log);
        let route = Arc::new(route);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, route) = (Arc::clone(&seen), Arc::clone(&route));
                std::thread::spawn(move || answer(stream, &seen, &*route));
            }
        });
        Server { api, log }
    }

    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

fn answer(
    mut stream: TcpStream,
    log: &Mutex<Vec<String>>,
    route: &(dyn Fn(&str, usize) -> Reply + Send + Sync),
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let count = {
        let mut log = log.lock().unwrap();
        let count = log.iter().filter(|p| **p == path).count();
        log.push(path.clone());
        count
    };
    let reply = route(&path, count);
    std::thread::sleep(reply.delay);
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let body = &reply.body[..reply.cut.unwrap_or(reply.body.len())];
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

/// The path the client asks for procedure `id`.
pub fn procedure_path(id: &str) -> String {
    format!("/api/v2/procedures/{id}?format=application%2Fld%2Bjson")
}
