//! The refresh against a local HTTP server started here: good data (the PEPs
//! files and endoflife.date's v1 API responses, from the committed samples in
//! `fixtures/endoflife_v1/`), bad JSON, the retired v0 shape, a slow server and
//! a 404. Never the internet.
#![cfg(feature = "refresh")]
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::ops::ControlFlow;
use std::time::Duration;

use toolcup_releases::{Cache, DataOrigin, Date, Error, Product, Sources, load_newest, refresh};

/// What the server answers for a path.
#[derive(Clone)]
enum Reply {
    Ok(String),
    NotFound,
    /// Sends headers, then stalls longer than the client's timeout.
    Stall,
    /// A v1-looking body of 17 MiB (over the 16 MiB limit), without a length.
    Huge,
    /// Redirects to itself, forever.
    RedirectLoop,
}

/// Serves `routes` on 127.0.0.1 for at most `max_requests` requests; returns the base URL.
fn serve(routes: HashMap<&'static str, Reply>, max_requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max_requests) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .to_owned();
            match routes
                .get(path.as_str())
                .cloned()
                .unwrap_or(Reply::NotFound)
            {
                Reply::Ok(body) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                }
                Reply::NotFound => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"
                    );
                }
                Reply::Huge => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{{\"schema_version\":\"1.2.0\",\"pad\":\""
                    );
                    let chunk = vec![b'a'; 1024 * 1024];
                    for _ in 0..17 {
                        if stream.write_all(&chunk).is_err() {
                            break;
                        }
                    }
                }
                Reply::RedirectLoop => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 302 Found\r\nLocation: {path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                }
                Reply::Stall => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n["
                    );
                    std::thread::sleep(Duration::from_secs(3));
                }
            }
        }
    });
    base
}

fn good_routes() -> HashMap<&'static str, Reply> {
    let data = toolcup_releases::DataSet::embedded();
    HashMap::from([
        ("/peps/release-cycle.json", Reply::Ok(data.release_cycle)),
        ("/peps/python-releases.json", Reply::Ok(data.python_releases)),
        (
            "/eol/products/python",
            Reply::Ok(include_str!("fixtures/endoflife_v1/python.json").to_owned()),
        ),
        // A small v1 answer of two cycles, one newer than the snapshot.
        (
            "/eol/products/django",
            Reply::Ok(r#"{"schema_version":"1.2.0","last_modified":"2026-12-01T10:00:00+00:00","result":{"name":"django","releases":[
                {"name":"6.2","codename":null,"label":"6.2","releaseDate":"2026-12-01","isLts":false,"ltsFrom":null,"isEoas":false,"eoasFrom":"2027-08-01","isEol":false,"eolFrom":"2028-04-30","isMaintained":true,"latest":{"name":"6.2","date":"2026-12-01","link":null},"custom":{"supportedPythonVersions":"3.12 - 3.14"}},
                {"name":"5.2","codename":null,"label":"5.2 (LTS)","releaseDate":"2025-04-02","isLts":true,"ltsFrom":null,"isEoas":true,"eoasFrom":"2025-12-03","isEol":false,"eolFrom":"2028-04-30","isMaintained":true,"latest":{"name":"5.2.18","date":"2026-11-01","link":null},"custom":{"supportedPythonVersions":"3.10 - 3.14"}}
            ]}}"#.to_owned()),
        ),
    ])
}

fn sources(base: &str) -> Sources {
    Sources {
        peps_base: format!("{base}/peps"),
        eol_base: format!("{base}/eol"),
    }
}

fn today() -> Date {
    Date::new(2026, 11, 25).unwrap()
}

#[test]
fn good_data_is_stored_and_then_preferred() {
    let base = serve(good_routes(), 4);
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    let mut seen = Vec::new();
    let data = refresh(
        &sources(&base),
        &cache,
        Duration::from_secs(5),
        today(),
        &mut |p| {
            seen.push((p.done, p.total));
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert_eq!(seen.first(), Some(&(0, 4)));
    assert_eq!(seen.last(), Some(&(4, 4)));
    assert_eq!(data.origin, DataOrigin::Cache { path: cache.file() });
    let loaded = load_newest(Some(&cache), today());
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.data.date, today());
    let django = loaded.data.catalog(Product::Django).unwrap();
    assert_eq!(
        django
            .cycles
            .iter()
            .map(|c| c.branch.to_string())
            .collect::<Vec<_>>(),
        ["5.2", "6.2"]
    );
    let verdict = django.check("5.2.1".parse().unwrap(), today()).unwrap();
    assert_eq!(verdict.latest_patch.unwrap().to_string(), "5.2.18");
}

fn refresh_fails(
    routes: HashMap<&'static str, Reply>,
    timeout: Duration,
) -> (Error, Cache, tempfile::TempDir) {
    let base = serve(routes, 4);
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    let err = refresh(&sources(&base), &cache, timeout, today(), &mut |_| {
        ControlFlow::Continue(())
    })
    .unwrap_err();
    (err, cache, dir)
}

#[test]
fn bad_json_is_rejected_and_nothing_is_written() {
    let mut routes = good_routes();
    routes.insert("/eol/products/python", Reply::Ok("{not json".to_owned()));
    let (err, cache, _dir) = refresh_fails(routes, Duration::from_secs(5));
    assert!(matches!(err, Error::InvalidData { .. }), "{err}");
    assert!(err.to_string().contains("endoflife.date python"), "{err}");
    assert!(!cache.file().exists());
    assert_eq!(
        load_newest(Some(&cache), today()).data.origin,
        DataOrigin::Embedded
    );
}

#[test]
fn the_retired_v0_shape_is_refused_by_name() {
    let mut routes = good_routes();
    routes.insert(
        "/eol/products/django",
        Reply::Ok(r#"[{"cycle":"5.2","releaseDate":"2025-04-02","support":"2025-12-03","eol":"2028-04-30","latest":"5.2.18","lts":true}]"#.to_owned()),
    );
    let (err, cache, _dir) = refresh_fails(routes, Duration::from_secs(5));
    let text = err.to_string();
    assert!(
        matches!(err, Error::InvalidData { .. })
            && text.contains("endoflife.date django")
            && text.contains("v1"),
        "{text}"
    );
    assert!(!cache.file().exists());
}

#[test]
fn a_future_schema_is_refused() {
    let mut routes = good_routes();
    routes.insert(
        "/eol/products/python",
        Reply::Ok(r#"{"schema_version":"2.0.0","result":{"releases":[]}}"#.to_owned()),
    );
    let (err, cache, _dir) = refresh_fails(routes, Duration::from_secs(5));
    assert!(err.to_string().contains("only version 1.x"), "{err}");
    assert!(!cache.file().exists());
}

#[test]
fn an_oversized_v1_answer_is_cut_off() {
    let mut routes = good_routes();
    routes.insert("/eol/products/python", Reply::Huge);
    let (err, cache, _dir) = refresh_fails(routes, Duration::from_secs(20));
    let text = err.to_string();
    assert!(
        matches!(err, Error::Download { .. }) && text.contains("/eol/products/python"),
        "{text}"
    );
    assert!(!cache.file().exists());
}

#[test]
fn a_redirect_loop_ends() {
    let mut routes = good_routes();
    routes.insert("/eol/products/django", Reply::RedirectLoop);
    let base = serve(routes, 40);
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    let err = refresh(
        &sources(&base),
        &cache,
        Duration::from_secs(10),
        today(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Download { .. }), "{err}");
    assert!(err.to_string().contains("/eol/products/django"), "{err}");
    assert!(!cache.file().exists());
}

#[test]
fn deeply_nested_v1_json_is_an_error_not_a_crash() {
    let mut routes = good_routes();
    let deep = format!(
        r#"{{"schema_version":"1.2.0","result":{{"releases":{}{}}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    routes.insert("/eol/products/python", Reply::Ok(deep));
    let (err, cache, _dir) = refresh_fails(routes, Duration::from_secs(5));
    assert!(matches!(err, Error::InvalidData { .. }), "{err}");
    assert!(!cache.file().exists());
}

#[test]
fn the_default_sources_are_the_v1_api() {
    let urls = Sources::default().urls();
    assert_eq!(urls[2].1, "https://endoflife.date/api/v1/products/python");
    assert_eq!(urls[3].1, "https://endoflife.date/api/v1/products/django");
}

#[test]
fn not_found_names_the_address() {
    let mut routes = good_routes();
    routes.remove("/peps/python-releases.json");
    let (err, cache, _dir) = refresh_fails(routes, Duration::from_secs(5));
    let text = err.to_string();
    assert!(
        matches!(err, Error::Download { .. })
            && text.contains("/peps/python-releases.json")
            && text.contains("404"),
        "{text}"
    );
    assert!(!cache.file().exists());
}

#[test]
fn slow_server_times_out() {
    let mut routes = good_routes();
    routes.insert("/peps/release-cycle.json", Reply::Stall);
    let started = std::time::Instant::now();
    let (err, cache, _dir) = refresh_fails(routes, Duration::from_millis(300));
    assert!(matches!(err, Error::Download { .. }), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout did not stop the download"
    );
    assert!(!cache.file().exists());
}

#[test]
fn cancel_stops_before_downloading() {
    let base = serve(good_routes(), 4);
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    let err = refresh(
        &sources(&base),
        &cache,
        Duration::from_secs(5),
        today(),
        &mut |_| ControlFlow::Break(()),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Cancelled));
}
