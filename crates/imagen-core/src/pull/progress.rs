//! Folds the engine's pull stream (one JSON object per line) into per-layer progress and
//! an overall figure. Pure: fed messages and timestamps, so it is tested without an engine.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// One line of `/images/create`'s stream.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct StreamMessage {
    pub id: Option<String>,
    pub status: Option<String>,
    #[serde(rename = "progressDetail")]
    pub progress_detail: Option<ProgressDetail>,
    pub error: Option<String>,
    #[serde(rename = "errorDetail")]
    pub error_detail: Option<ErrorDetail>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ProgressDetail {
    pub current: Option<i64>,
    pub total: Option<i64>,
    /// What `current` and `total` count; absent or empty means bytes. The containerd image
    /// store counts extraction in seconds (`"units":"s"`, no total).
    pub units: Option<String>,
}

impl ProgressDetail {
    /// Whether the figures are bytes (moby's default unit).
    fn in_bytes(&self) -> bool {
        self.units
            .as_deref()
            .is_none_or(|u| u.is_empty() || u.eq_ignore_ascii_case("bytes"))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ErrorDetail {
    pub message: Option<String>,
}

impl StreamMessage {
    /// The error this line carries, if any.
    pub fn error_message(&self) -> Option<&str> {
        self.error_detail
            .as_ref()
            .and_then(|d| d.message.as_deref())
            .or(self.error.as_deref())
    }
}

/// Where one layer is in its journey from the registry to the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LayerStatus {
    /// Queued behind other downloads.
    Waiting,
    /// Bytes are arriving.
    Downloading,
    /// The download failed and the engine tries it again ("Retrying in 5 seconds"): the
    /// network between the engine and the registry dropped.
    Retrying,
    /// Download finished; checking the digest.
    Verifying,
    /// Downloaded and verified; waiting to be extracted.
    Downloaded,
    /// Being unpacked onto the disk.
    Extracting,
    /// The engine already had this layer (shared with another image).
    AlreadyExists,
    /// Downloaded and extracted.
    Complete,
}

/// Progress of one layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LayerProgress {
    /// Short layer ID as the engine prints it (12 hex digits).
    pub id: String,
    /// Current phase.
    pub status: LayerStatus,
    /// Bytes of the current phase done (download, then extraction).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub current: u64,
    /// Compressed size, once the registry has said it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total: Option<u64>,
    /// While an engine that counts extraction in time, not bytes (the containerd image
    /// store), extracts this layer: for how many seconds so far. `current` then says nothing
    /// of the extraction (0): how far along it is, is not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub extracting_seconds: Option<u64>,
}

/// What the UI draws for a pull at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PullProgress {
    /// Layers in the order the engine announced them.
    pub layers: Vec<LayerProgress>,
    /// 0‥1 over download and extraction of all layers; never moves backwards.
    /// `None` while some layer's size is still unknown.
    pub fraction: Option<f64>,
    /// Bytes downloaded so far.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub downloaded: u64,
    /// Sum of the known layer sizes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    /// Download speed over the last few seconds.
    pub bytes_per_second: Option<f64>,
    /// Seconds left at that speed, when the total is known.
    pub seconds_left: Option<f64>,
    /// The latest line that is not about a layer ("Digest: sha256:…").
    pub message: Option<String>,
    /// Things the user should know that do not stop the pull; they stay for its whole life.
    #[cfg_attr(feature = "ts", ts(inline))]
    pub warnings: Vec<PullWarning>,
}

/// Something that went wrong without stopping the pull.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum PullWarning {
    /// The Docker config file could not be used, so the pull goes on without credentials,
    /// as `docker pull` does ("WARNING: Error loading config file").
    DockerConfigUnreadable {
        /// The file's full path, e.g. `/home/ana/.docker/config.json`.
        path: String,
        /// What is wrong with it, as a clause ("it is not valid JSON (line 3, column 7)");
        /// never anything quoted from the file.
        problem: String,
        /// The encoding it was saved in that docker cannot read either (a byte order mark,
        /// UTF-16), when that is what is wrong: the UI then says it in its own words instead
        /// of `problem`. Optional in TypeScript, as warnings made without it (the UI's fake
        /// backend) had none.
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        encoding: Option<crate::error::UnreadableEncoding>,
    },
    /// The Docker config names a credential helper that Imagen cannot find
    /// (`"credsStore": "desktop"` without `docker-credential-desktop`), so the pull goes on
    /// without credentials: a public image still pulls, a private one says it needs a login.
    CredentialHelperMissing {
        /// The helper's name as configured: `desktop` for `docker-credential-desktop`.
        helper: String,
    },
}

#[derive(Debug, Clone)]
struct Layer {
    id: String,
    status: LayerStatus,
    downloaded: u64,
    extracted: u64,
    total: Option<u64>,
    /// Seconds of extraction, when the engine counts it in time (see [`ProgressDetail`]).
    extracting_seconds: Option<u64>,
}

impl Layer {
    fn counts(&self) -> bool {
        self.status != LayerStatus::AlreadyExists
    }
}

/// How the stream ended, from its final `Status:` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finish {
    Downloaded,
    UpToDate,
}

const SPEED_WINDOW: Duration = Duration::from_secs(3);

/// Accumulates stream messages into [`PullProgress`].
#[derive(Debug)]
pub(crate) struct Tracker {
    layers: Vec<Layer>,
    index: HashMap<String, usize>,
    best_fraction: f64,
    samples: VecDeque<(Instant, u64)>,
    message: Option<String>,
    finish: Option<Finish>,
    warnings: Vec<PullWarning>,
}

impl Tracker {
    pub fn new() -> Self {
        Self {
            layers: Vec::new(),
            index: HashMap::new(),
            best_fraction: 0.0,
            samples: VecDeque::new(),
            message: None,
            finish: None,
            warnings: Vec::new(),
        }
    }

    /// Adds a warning to every snapshot from now on.
    pub fn warn(&mut self, warning: PullWarning) {
        self.warnings.push(warning);
    }

    pub fn finish(&self) -> Option<&Finish> {
        self.finish.as_ref()
    }

    /// Ends a pull whose stream had no closing `Status:` line (Podman's compatible API ends
    /// with `Download complete` and the image's short ID as if it were a layer), as `finish`
    /// says; the line about the image (`image_short`) is no layer and leaves the list.
    pub fn finish_as(&mut self, finish: Finish, image_short: Option<&str>) {
        if let Some(short) = image_short {
            if self.index.contains_key(short) {
                self.layers.retain(|l| l.id != short);
                self.index = (self.layers.iter().enumerate())
                    .map(|(i, l)| (l.id.clone(), i))
                    .collect();
            }
        }
        self.finish = Some(finish);
    }

    /// Applies one message received at `now`.
    pub fn apply(&mut self, msg: &StreamMessage, now: Instant) {
        let status = msg.status.as_deref().unwrap_or_default();
        if let Some(rest) = status.strip_prefix("Status: ") {
            if rest.starts_with("Image is up to date") {
                self.finish = Some(Finish::UpToDate);
            } else {
                self.finish = Some(Finish::Downloaded);
            }
            self.message = Some(rest.to_owned());
            return;
        }
        // Lines about the image as a whole: "Pulling from x" (id = tag), "Digest: …".
        let Some(id) = msg
            .id
            .as_deref()
            .filter(|_| !status.starts_with("Pulling from"))
        else {
            if !status.is_empty() {
                self.message = Some(status.to_owned());
            }
            return;
        };
        let idx = match self.index.get(id) {
            Some(&i) => i,
            None => {
                self.layers.push(Layer {
                    id: id.to_owned(),
                    status: LayerStatus::Waiting,
                    downloaded: 0,
                    extracted: 0,
                    total: None,
                    extracting_seconds: None,
                });
                self.index.insert(id.to_owned(), self.layers.len() - 1);
                self.layers.len() - 1
            }
        };
        let detail = msg.progress_detail.as_ref();
        // Figures in another unit (seconds) are no bytes: they are kept apart.
        let in_bytes = detail.is_none_or(ProgressDetail::in_bytes);
        let elapsed = detail
            .filter(|_| !in_bytes)
            .and_then(|d| d.current)
            .and_then(|v| u64::try_from(v).ok());
        let detail = detail.filter(|_| in_bytes);
        let current = detail
            .and_then(|d| d.current)
            .and_then(|v| u64::try_from(v).ok());
        let total = detail
            .and_then(|d| d.total)
            .and_then(|v| u64::try_from(v).ok())
            .filter(|&t| t > 0);
        let Some(layer) = self.layers.get_mut(idx) else {
            return;
        };
        match status {
            "Pulling fs layer" | "Waiting" => layer.status = LayerStatus::Waiting,
            "Downloading" => {
                layer.status = LayerStatus::Downloading;
                // After "Retrying in …" the engine resumes where it stopped and counts only
                // what is left: a smaller total, and `current` from 0 again. The layer's own
                // size stays; what arrived before the retry stays counted.
                let resumed_from = match (layer.total, total) {
                    (Some(whole), Some(t)) if t < whole => whole - t,
                    _ => 0,
                };
                if resumed_from == 0 {
                    if let Some(t) = total {
                        layer.total = Some(t);
                    }
                }
                // A full bar is no proof the bytes came: a download cut short (the Wi-Fi
                // dropped) closes its progress with `current` set to `total` just before
                // "Retrying in …" (moby's progressreader `Close`). A download that did end
                // is said next ("Verifying Checksum", "Download complete"), which counts the
                // whole layer then.
                if let Some(c) = current.filter(|&c| Some(c) != total) {
                    layer.downloaded = layer.downloaded.max(resumed_from + c);
                }
            }
            "Verifying Checksum" | "Download complete" => {
                layer.status = if status == "Verifying Checksum" {
                    LayerStatus::Verifying
                } else {
                    LayerStatus::Downloaded
                };
                // The containerd store looks at downloads every 100 ms and names a size
                // only for one under way: a small layer that came between two looks is
                // complete without a size. Its size is what came, so the pull's fraction
                // need not wait for "Pull complete" (an extraction names the real one).
                layer.total = Some(layer.total.unwrap_or(layer.downloaded));
                layer.downloaded = layer.total.unwrap_or(layer.downloaded);
            }
            "Extracting" => {
                layer.status = LayerStatus::Extracting;
                // The whole compressed layer: never smaller than a size guessed above.
                if let Some(t) = total {
                    layer.total = Some(layer.total.map_or(t, |known| known.max(t)));
                }
                layer.downloaded = layer.total.unwrap_or(layer.downloaded);
                if let Some(c) = current {
                    layer.extracted = layer.extracted.max(c);
                }
                if let Some(seconds) = elapsed {
                    layer.extracting_seconds = Some(seconds);
                }
            }
            "Pull complete" => {
                layer.status = LayerStatus::Complete;
                // A small layer may skip every line that states its size.
                let size = layer.total.unwrap_or(layer.downloaded.max(layer.extracted));
                layer.total = Some(size);
                layer.downloaded = size;
                layer.extracted = size;
                layer.extracting_seconds = None;
            }
            "Already exists" => layer.status = LayerStatus::AlreadyExists,
            s if s.starts_with("Retrying in ") => layer.status = LayerStatus::Retrying,
            _ => {}
        }
        let downloaded = self.downloaded();
        self.samples.push_back((now, downloaded));
        while self
            .samples
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) > SPEED_WINDOW)
        {
            self.samples.pop_front();
        }
    }

    /// Bytes of the image received so far, over the layers that count.
    pub(crate) fn downloaded(&self) -> u64 {
        self.layers
            .iter()
            .filter(|l| l.counts())
            .map(|l| l.downloaded)
            .sum()
    }

    /// The figures to show at `now`.
    pub fn snapshot(&mut self, now: Instant) -> PullProgress {
        let counted: Vec<&Layer> = self.layers.iter().filter(|l| l.counts()).collect();
        let total: u64 = counted.iter().filter_map(|l| l.total).sum();
        let downloaded = self.downloaded();
        let known = counted.iter().all(|l| l.total.is_some());
        let fraction = if self.finish.is_some() {
            self.best_fraction = 1.0;
            Some(1.0)
        } else if known && total > 0 {
            let done: u64 = counted
                .iter()
                .map(|l| {
                    l.downloaded.min(l.total.unwrap_or(0)) + l.extracted.min(l.total.unwrap_or(0))
                })
                .sum();
            let f = (done as f64 / (2 * total) as f64).clamp(0.0, 1.0);
            self.best_fraction = self.best_fraction.max(f);
            Some(self.best_fraction)
        } else {
            None
        };
        let bytes_per_second = match (self.samples.front(), self.samples.back()) {
            (Some((t0, b0)), Some((t1, b1)))
                if t1.duration_since(*t0) >= Duration::from_millis(250) =>
            {
                Some(b1.saturating_sub(*b0) as f64 / t1.duration_since(*t0).as_secs_f64())
            }
            _ => None,
        }
        .filter(|_| now.duration_since(self.samples.back().map_or(now, |s| s.0)) < SPEED_WINDOW)
        // "0B/s" while every layer is past its download (extracting) says nothing useful.
        .filter(|&speed| {
            speed > 0.0
                || self
                    .layers
                    .iter()
                    .any(|l| matches!(l.status, LayerStatus::Downloading | LayerStatus::Retrying))
        });
        let seconds_left = match bytes_per_second {
            Some(speed) if known && speed > 0.0 && self.finish.is_none() => {
                Some(total.saturating_sub(downloaded) as f64 / speed)
            }
            _ => None,
        };
        PullProgress {
            layers: self
                .layers
                .iter()
                .map(|l| LayerProgress {
                    id: l.id.clone(),
                    status: l.status,
                    current: match l.status {
                        LayerStatus::Extracting | LayerStatus::Complete => l.extracted,
                        _ => l.downloaded,
                    },
                    total: l.total,
                    extracting_seconds: l
                        .extracting_seconds
                        .filter(|_| l.status == LayerStatus::Extracting),
                })
                .collect(),
            fraction,
            downloaded,
            total,
            bytes_per_second,
            seconds_left,
            message: self.message.clone(),
            warnings: self.warnings.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(json: &str) -> StreamMessage {
        serde_json::from_str(json).unwrap()
    }

    fn feed(t: &mut Tracker, start: Instant, lines: &[(u64, &str)]) {
        for (ms, line) in lines {
            t.apply(&msg(line), start + Duration::from_millis(*ms));
        }
    }

    #[test]
    fn folds_a_two_layer_pull() {
        let start = Instant::now();
        let mut t = Tracker::new();
        feed(
            &mut t,
            start,
            &[
                (0, r#"{"status":"Pulling from team/app","id":"1.0"}"#),
                (
                    1,
                    r#"{"status":"Pulling fs layer","progressDetail":{},"id":"aaa"}"#,
                ),
                (
                    1,
                    r#"{"status":"Already exists","progressDetail":{},"id":"bbb"}"#,
                ),
                (
                    2,
                    r#"{"status":"Pulling fs layer","progressDetail":{},"id":"ccc"}"#,
                ),
            ],
        );
        let p = t.snapshot(start);
        assert_eq!(p.layers.len(), 3, "the tag line is not a layer");
        assert_eq!(p.fraction, None, "sizes unknown: indeterminate");
        assert_eq!(p.layers[1].status, LayerStatus::AlreadyExists);

        feed(
            &mut t,
            start,
            &[
                (
                    100,
                    r#"{"status":"Downloading","progressDetail":{"current":500,"total":1000},"id":"aaa"}"#,
                ),
                (
                    200,
                    r#"{"status":"Downloading","progressDetail":{"current":1000,"total":3000},"id":"ccc"}"#,
                ),
            ],
        );
        let p = t.snapshot(start + Duration::from_millis(200));
        assert_eq!(p.total, 4000, "Already exists layers do not count");
        assert_eq!(p.downloaded, 1500);
        assert_eq!(p.fraction, Some(1500.0 / 8000.0));
        assert_eq!(p.layers[0].status, LayerStatus::Downloading);

        feed(
            &mut t,
            start,
            &[
                (
                    1100,
                    r#"{"status":"Verifying Checksum","progressDetail":{},"id":"aaa"}"#,
                ),
                (
                    1100,
                    r#"{"status":"Download complete","progressDetail":{},"id":"aaa"}"#,
                ),
                (
                    1200,
                    r#"{"status":"Extracting","progressDetail":{"current":1000,"total":1000},"id":"aaa"}"#,
                ),
                (
                    1300,
                    r#"{"status":"Pull complete","progressDetail":{},"id":"aaa"}"#,
                ),
                (
                    1300,
                    r#"{"status":"Downloading","progressDetail":{"current":2000,"total":3000},"id":"ccc"}"#,
                ),
            ],
        );
        let p = t.snapshot(start + Duration::from_millis(1300));
        assert_eq!(p.layers[0].status, LayerStatus::Complete);
        assert_eq!(p.downloaded, 3000);
        let speed = p.bytes_per_second.unwrap();
        assert!(speed > 1000.0 && speed < 3000.0, "speed {speed}");
        let left = p.seconds_left.unwrap();
        assert!(left > 0.0 && left < 2.0, "eta {left}");

        feed(
            &mut t,
            start,
            &[
                (1400, r#"{"status":"Digest: sha256:abc"}"#),
                (
                    1400,
                    r#"{"status":"Status: Downloaded newer image for team/app:1.0"}"#,
                ),
            ],
        );
        let p = t.snapshot(start + Duration::from_millis(1400));
        assert_eq!(p.fraction, Some(1.0));
        assert_eq!(t.finish(), Some(&Finish::Downloaded));
    }

    #[test]
    fn overall_never_moves_backwards() {
        let start = Instant::now();
        let mut t = Tracker::new();
        feed(
            &mut t,
            start,
            &[(
                0,
                r#"{"status":"Downloading","progressDetail":{"current":900,"total":1000},"id":"a"}"#,
            )],
        );
        let first = t.snapshot(start).fraction.unwrap();
        // A second, larger layer appears: the raw ratio drops, the shown figure must not.
        feed(
            &mut t,
            start,
            &[(
                10,
                r#"{"status":"Downloading","progressDetail":{"current":1,"total":100000},"id":"b"}"#,
            )],
        );
        let second = t.snapshot(start).fraction.unwrap();
        assert!(second >= first, "{second} < {first}");
    }

    /// The containerd image store counts extraction in seconds (`"units":"s"`, no total):
    /// those are no bytes. The layer says for how long it has been extracting, the overall
    /// figure does not drop, and no "0B/s" is shown while nothing downloads.
    #[test]
    fn extraction_counted_in_seconds_is_not_bytes() {
        let start = Instant::now();
        let mut t = Tracker::new();
        feed(
            &mut t,
            start,
            &[
                (
                    0,
                    r#"{"status":"Downloading","progressDetail":{"current":1000,"total":29150000},"id":"aaa"}"#,
                ),
                (
                    2000,
                    r#"{"status":"Downloading","progressDetail":{"current":29150000,"total":29150000},"id":"aaa"}"#,
                ),
                (
                    2100,
                    r#"{"status":"Download complete","progressDetail":{"hidecounts":true},"id":"aaa"}"#,
                ),
            ],
        );
        let before = t
            .snapshot(start + Duration::from_millis(2100))
            .fraction
            .unwrap();
        feed(
            &mut t,
            start,
            &[
                (
                    3100,
                    r#"{"status":"Extracting","progressDetail":{"current":1,"units":"s"},"id":"aaa"}"#,
                ),
                (
                    5100,
                    r#"{"status":"Extracting","progressDetail":{"current":3,"units":"s"},"id":"aaa"}"#,
                ),
            ],
        );
        let p = t.snapshot(start + Duration::from_millis(5100));
        let layer = &p.layers[0];
        assert_eq!(layer.status, LayerStatus::Extracting);
        assert_eq!(layer.extracting_seconds, Some(3));
        assert_eq!(layer.current, 0, "3 seconds are not 3 bytes extracted");
        assert_eq!(layer.total, Some(29_150_000), "the size stays the layer's");
        assert_eq!((p.downloaded, p.total), (29_150_000, 29_150_000));
        assert!(p.fraction.unwrap() >= before, "{:?} < {before}", p.fraction);
        assert_eq!(p.bytes_per_second, None, "no 0B/s while nothing downloads");
        assert_eq!(
            serde_json::to_value(layer).unwrap()["extractingSeconds"],
            serde_json::json!(3)
        );

        feed(
            &mut t,
            start,
            &[(
                5200,
                r#"{"status":"Pull complete","progressDetail":{"hidecounts":true},"id":"aaa"}"#,
            )],
        );
        let p = t.snapshot(start + Duration::from_millis(5200));
        assert_eq!(p.layers[0].extracting_seconds, None);
        assert_eq!(p.layers[0].current, 29_150_000);
        assert_eq!(p.fraction, Some(1.0));
        assert!(
            serde_json::to_value(&p.layers[0])
                .unwrap()
                .get("extractingSeconds")
                .is_none(),
            "absent for a layer counted in bytes"
        );
    }

    #[test]
    fn up_to_date_is_recognised() {
        let mut t = Tracker::new();
        let now = Instant::now();
        t.apply(
            &msg(r#"{"status":"Status: Image is up to date for busybox:latest"}"#),
            now,
        );
        assert_eq!(t.finish(), Some(&Finish::UpToDate));
        assert_eq!(t.snapshot(now).fraction, Some(1.0));
    }

    #[test]
    fn a_layer_the_engine_retries_says_so() {
        let start = Instant::now();
        let mut t = Tracker::new();
        feed(
            &mut t,
            start,
            &[
                (
                    0,
                    r#"{"status":"Downloading","progressDetail":{"current":5,"total":10},"id":"aaaaaaaaaaaa"}"#,
                ),
                (
                    1,
                    r#"{"status":"Retrying in 5 seconds","progressDetail":{},"id":"aaaaaaaaaaaa"}"#,
                ),
            ],
        );
        let snap = t.snapshot(start);
        assert_eq!(snap.layers[0].status, LayerStatus::Retrying);
        assert_eq!(snap.layers[0].current, 5, "what arrived stays counted");
        // The engine resumes at 5 of 10 and counts the 5 left: 2 of them arrived.
        feed(
            &mut t,
            start,
            &[(
                2,
                r#"{"status":"Downloading","progressDetail":{"current":2,"total":5},"id":"aaaaaaaaaaaa"}"#,
            )],
        );
        let snap = t.snapshot(start);
        assert_eq!(
            (snap.layers[0].current, snap.layers[0].total),
            (7, Some(10))
        );
        assert_eq!((snap.downloaded, snap.total), (7, 10));
    }

    /// The Wi-Fi drops at 3 of 30 MB: the engine closes the layer's progress with a full bar
    /// before "Retrying in …", then resumes with the 27 MB left. Nothing jumps to 100 %.
    #[test]
    fn a_download_cut_short_does_not_count_as_complete() {
        const MB: u64 = 1_000_000;
        let start = Instant::now();
        let mut t = Tracker::new();
        let line = |current: u64, total: u64| {
            format!(
                r#"{{"status":"Downloading","progressDetail":{{"current":{current},"total":{total}}},"id":"aaaaaaaaaaaa"}}"#
            )
        };
        let cut = line(30 * MB, 30 * MB);
        let resumed = line(1_300_000, 27 * MB);
        feed(
            &mut t,
            start,
            &[
                (0, &line(3 * MB, 30 * MB)),
                (1, &cut),
                (
                    2,
                    r#"{"status":"Retrying in 5 seconds","progressDetail":{},"id":"aaaaaaaaaaaa"}"#,
                ),
            ],
        );
        let snap = t.snapshot(start);
        assert_eq!((snap.downloaded, snap.total), (3 * MB, 30 * MB));
        assert!(
            snap.fraction.is_some_and(|f| f < 0.1),
            "{:?}",
            snap.fraction
        );
        feed(&mut t, start, &[(3, &resumed)]);
        let snap = t.snapshot(start);
        assert_eq!((snap.downloaded, snap.total), (4_300_000, 30 * MB));
        assert!(
            snap.fraction.is_some_and(|f| f < 0.1),
            "{:?}",
            snap.fraction
        );
        // A download that does end says so, and counts whole.
        feed(
            &mut t,
            start,
            &[
                (4, &line(27 * MB, 27 * MB)),
                (
                    5,
                    r#"{"status":"Download complete","progressDetail":{},"id":"aaaaaaaaaaaa"}"#,
                ),
            ],
        );
        assert_eq!(t.snapshot(start).downloaded, 30 * MB);
    }

    /// The containerd store: a tiny layer completes between two of the engine's looks, with
    /// no size ever named; the big one under way still gives the pull a fraction.
    #[test]
    fn a_layer_complete_without_a_size_does_not_hide_the_fraction() {
        let mut t = Tracker::new();
        let now = Instant::now();
        t.apply(&msg(r#"{"status":"Pulling fs layer","id":"a"}"#), now);
        t.apply(&msg(r#"{"status":"Pulling fs layer","id":"b"}"#), now);
        t.apply(
            &msg(r#"{"status":"Download complete","progressDetail":{"hidecounts":true},"id":"a"}"#),
            now,
        );
        t.apply(
            &msg(r#"{"status":"Downloading","progressDetail":{"current":1000000,"total":30000000},"id":"b"}"#),
            now,
        );
        let p = t.snapshot(now);
        let f = p
            .fraction
            .expect("a fraction while the big layer downloads");
        assert!((f - 1.0 / 60.0).abs() < 1e-3, "{f}");
    }

    /// A small layer with no download size, then extracted with its real size (the classic
    /// store): the extraction's size wins over the guess.
    #[test]
    fn an_extraction_names_the_size_a_quiet_download_did_not() {
        let mut t = Tracker::new();
        let now = Instant::now();
        t.apply(&msg(r#"{"status":"Pulling fs layer","id":"a"}"#), now);
        t.apply(&msg(r#"{"status":"Download complete","id":"a"}"#), now);
        t.apply(
            &msg(
                r#"{"status":"Extracting","progressDetail":{"current":100,"total":400},"id":"a"}"#,
            ),
            now,
        );
        let p = t.snapshot(now);
        assert_eq!(p.layers[0].total, Some(400));
        assert_eq!(p.downloaded, 400, "downloaded whole before extracting");
    }

    #[test]
    fn small_layer_without_sizes_completes() {
        let mut t = Tracker::new();
        let now = Instant::now();
        t.apply(&msg(r#"{"status":"Pulling fs layer","id":"a"}"#), now);
        t.apply(&msg(r#"{"status":"Download complete","id":"a"}"#), now);
        t.apply(&msg(r#"{"status":"Pull complete","id":"a"}"#), now);
        let p = t.snapshot(now);
        assert_eq!(p.layers[0].status, LayerStatus::Complete);
        assert_eq!(
            p.fraction, None,
            "no size ever known, but no panic and no NaN"
        );
    }

    #[test]
    fn errors_are_read_from_either_field() {
        let m = msg(r#"{"errorDetail":{"message":"boom"},"error":"boom"}"#);
        assert_eq!(m.error_message(), Some("boom"));
        let m = msg(r#"{"error":"bang"}"#);
        assert_eq!(m.error_message(), Some("bang"));
    }

    #[test]
    fn warnings_stay_in_every_snapshot_and_cross_ipc_tagged() {
        let mut t = Tracker::new();
        let now = Instant::now();
        assert!(t.snapshot(now).warnings.is_empty());
        let warning = PullWarning::DockerConfigUnreadable {
            path: "/home/ana/.docker/config.json".into(),
            problem: "it is not valid JSON (line 1, column 2)".into(),
            encoding: None,
        };
        t.warn(warning.clone());
        assert_eq!(t.snapshot(now).warnings, vec![warning.clone()]);
        t.apply(&msg(r#"{"status":"Pulling fs layer","id":"a"}"#), now);
        let p = t.snapshot(now);
        assert_eq!(p.warnings, vec![warning]);
        assert_eq!(
            serde_json::to_value(&p).unwrap()["warnings"],
            serde_json::json!([{
                "kind": "DockerConfigUnreadable",
                "path": "/home/ana/.docker/config.json",
                "problem": "it is not valid JSON (line 1, column 2)",
                "encoding": null,
            }])
        );
    }

    #[test]
    fn a_config_saved_with_a_byte_order_mark_crosses_ipc_with_its_encoding() {
        let warning = PullWarning::DockerConfigUnreadable {
            path: "C:\\Users\\ana\\.docker\\config.json".into(),
            problem: crate::error::UnreadableEncoding::Utf8WithBom.to_string(),
            encoding: Some(crate::error::UnreadableEncoding::Utf8WithBom),
        };
        assert_eq!(
            serde_json::to_value(&warning).unwrap()["encoding"],
            "Utf8WithBom"
        );
    }
}
