//! Fetching a web page for `gloss add URL`: HTTPS (rustls) or HTTP, at most 10 redirects, a
//! time limit, a 20 MB limit on the body, and only HTML or XHTML accepted. The page is kept as a
//! file beside the database so that it reads offline and its annotations stay anchored when the
//! site changes; fetching the same address again replaces that file, and the library treats the
//! new text as a new edition of the old (annotations carried over by re-anchoring).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ureq::ResponseExt;

/// Largest page accepted.
pub const MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;
const MAX_REDIRECTS: u32 = 10;
/// How long a whole fetch may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0:?} is not a web address (http:// or https://)")]
    NotAUrl(String),
    #[error("the server answered {status} {reason}")]
    Status { status: u16, reason: String },
    #[error("this is not a web page: the server says it is {0}")]
    NotHtml(String),
    #[error("the page is larger than {} MB; refused", MAX_PAGE_BYTES >> 20)]
    TooLarge,
    #[error("no answer within {0} seconds")]
    Timeout(u64),
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    #[error("cannot reach the server: {0}")]
    Network(String),
    #[error("cannot keep a copy of the page: {0}")]
    Save(std::io::Error),
}

/// A fetched page.
#[derive(Debug)]
pub struct Page {
    /// Where the page was found, after redirects.
    pub url: String,
    pub body: Vec<u8>,
}

/// Whether a command-line argument is a web address rather than a file.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `url`, calling `progress` with the bytes received so far.
pub fn fetch(
    url: &str,
    timeout: Duration,
    progress: &mut dyn FnMut(u64),
) -> Result<Page, FetchError> {
    if !is_url(url) {
        return Err(FetchError::NotAUrl(url.to_string()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("gloss/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let seconds = timeout.as_secs().max(1);
    let network = |err: ureq::Error| match err {
        ureq::Error::Timeout(_) => FetchError::Timeout(seconds),
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects,
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            FetchError::Timeout(seconds)
        }
        other => FetchError::Network(other.to_string()),
    };
    let mut response = agent
        .get(url)
        .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
        .call()
        .map_err(network)?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
        });
    }
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mime = kind.split(';').next().unwrap_or("").trim();
    if !(mime.is_empty() || mime == "text/html" || mime == "application/xhtml+xml") {
        return Err(FetchError::NotHtml(mime.to_string()));
    }
    let final_url = response.get_uri().to_string();
    let length = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if length.is_some_and(|l| l > MAX_PAGE_BYTES) {
        return Err(FetchError::TooLarge);
    }
    let mut reader = response
        .body_mut()
        .with_config()
        .limit(MAX_PAGE_BYTES + 1)
        .reader();
    let mut body = Vec::new();
    let mut chunk = vec![0; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                // ureq reports its own errors (limits, timeouts) through io::Error.
                let inner = e
                    .into_inner()
                    .and_then(|i| i.downcast::<ureq::Error>().ok());
                return Err(match inner {
                    Some(err) => network(*err),
                    None => FetchError::Network("the connection broke".to_string()),
                });
            }
        };
        body.extend_from_slice(&chunk[..n]);
        if body.len() as u64 > MAX_PAGE_BYTES {
            return Err(FetchError::TooLarge);
        }
        progress(body.len() as u64);
    }
    Ok(Page {
        url: final_url,
        body,
    })
}

/// Where the copy of the page at `url` is kept, in `dir`: one file per address, so that
/// fetching it again replaces it (a new edition of the same text).
pub fn copy_path(dir: &Path, url: &str) -> PathBuf {
    let hash = blake3::hash(url.trim().as_bytes()).to_hex();
    dir.join(format!("{}.html", &hash[..16]))
}

/// Writes the page to its copy (through a temporary file, so a failure leaves the old copy).
pub fn save(dir: &Path, url: &str, body: &[u8]) -> Result<PathBuf, FetchError> {
    std::fs::create_dir_all(dir).map_err(FetchError::Save)?;
    let path = copy_path(dir, url);
    crate::files::write_whole(&path, body).map_err(FetchError::Save)?;
    Ok(path)
}
