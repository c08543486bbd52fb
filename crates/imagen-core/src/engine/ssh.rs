//! `ssh://[user@]host[:port][/socket]`, the way the docker CLI reaches such an engine
//! (docker/cli `cli/connhelper`): run the system's `ssh` with `docker system dial-stdio` on
//! the far side, which joins its stdin and stdout to the remote engine's socket. The HTTP
//! then goes over the child's pipes like over any socket.
//!
//! - The user's ssh setup is used as it is (`~/.ssh/config`, agent, known hosts), plus the
//!   endpoint's `ssh_args` (the tests pass `-F <config>` there).
//! - `BatchMode=yes`: there is no terminal to type a password or accept a host key in, so
//!   ssh fails at once instead of waiting for an answer that never comes.
//! - One ssh process per request; dropping the request (a cancelled pull) kills it, which
//!   closes the remote connection and stops the engine's work.
//! - When ssh fails ("Permission denied (publickey)", "Host key verification failed",
//!   "docker: command not found"), its last line on stderr is the reason the user sees.

use super::CONNECT_TIMEOUT_SECS;
use std::pin::Pin;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, Join, ReadBuf};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// An `ssh://` address taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    user: Option<String>,
    host: String,
    port: Option<u16>,
    /// The engine's socket on the far side, when not the default one.
    socket: Option<String>,
}

/// Parses `ssh://[user@]host[:port][/socket]`; the reason when it is not one (a password,
/// a query: the docker CLI refuses them too).
pub(crate) fn parse(address: &str) -> Result<Target, String> {
    let rest = address
        .strip_prefix("ssh://")
        .ok_or_else(|| "not an ssh:// address".to_owned())?;
    if rest.contains(['?', '#']) {
        return Err("an ssh:// address cannot have a query or fragment".into());
    }
    let (authority, socket) = match rest.find('/') {
        Some(i) => (&rest[..i], Some(rest[i..].to_owned())),
        None => (rest, None),
    };
    let (user, host_port) = match authority.rsplit_once('@') {
        Some((user, hp)) => (Some(user), hp),
        None => (None, authority),
    };
    if user.is_some_and(|u| u.contains(':')) {
        return Err("an ssh:// address cannot carry a password (use a key)".into());
    }
    let (host, port) = split_port(host_port)?;
    // A host starting with '-' would be read by ssh as an option.
    if host.is_empty() || host.starts_with('-') {
        return Err("an ssh:// address needs a host name".into());
    }
    Ok(Target {
        user: user.filter(|u| !u.is_empty()).map(str::to_owned),
        host: host.to_owned(),
        port,
        socket: socket.filter(|s| s != "/"),
    })
}

/// `host:port`, `[v6]:port`, or either without a port.
fn split_port(host_port: &str) -> Result<(&str, Option<u16>), String> {
    let bad_port = || format!("“{host_port}” has a port that is not a number");
    if let Some(v6) = host_port.strip_prefix('[') {
        let (host, rest) = v6
            .split_once(']')
            .ok_or_else(|| "an IPv6 address in brackets needs its closing ]".to_owned())?;
        return match rest.strip_prefix(':') {
            Some(port) => Ok((host, Some(port.parse().map_err(|_| bad_port())?))),
            None if rest.is_empty() => Ok((host, None)),
            None => Err(bad_port()),
        };
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) => Ok((host, Some(port.parse().map_err(|_| bad_port())?))),
        None => Ok((host_port, None)),
    }
}

/// The arguments for `ssh`, in the docker CLI's order: the user's own first (for a given
/// option, ssh keeps the first value it sees, so theirs win), then ours, then `--`, the host
/// and the remote command.
pub(crate) fn arguments(target: &Target, extra: &[String]) -> Vec<String> {
    let mut args: Vec<String> = extra.to_vec();
    let has = |option: &str| {
        extra.iter().any(|a| {
            a.to_ascii_lowercase()
                .contains(&option.to_ascii_lowercase())
        })
    };
    if !has("ConnectTimeout") {
        args.extend([
            "-o".into(),
            format!("ConnectTimeout={CONNECT_TIMEOUT_SECS}"),
        ]);
    }
    args.extend(["-o".into(), "BatchMode=yes".into(), "-T".into()]);
    if let Some(user) = &target.user {
        args.extend(["-l".into(), user.clone()]);
    }
    if let Some(port) = target.port {
        args.extend(["-p".into(), port.to_string()]);
    }
    args.extend(["--".into(), target.host.clone(), "docker".into()]);
    if let Some(socket) = &target.socket {
        // ssh hands the remote command to the far side's shell as one line.
        args.extend(["--host".into(), shell_quote(&format!("unix://{socket}"))]);
    }
    args.extend(["system".into(), "dial-stdio".into()]);
    args
}

/// Single-quotes `text` for a POSIX shell when it needs it.
fn shell_quote(text: &str) -> String {
    if text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/:._-".contains(&b))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The ssh child's stdout and stdin as one byte stream. Owns the child: dropping the
/// stream kills ssh.
#[derive(Debug)]
pub(crate) struct SshStream {
    io: Join<ChildStdout, ChildStdin>,
    _child: Child,
}

/// What ssh said on stderr, read while it runs.
#[derive(Debug, Clone)]
pub(crate) struct Stderr {
    last_line: Arc<Mutex<String>>,
    done: Arc<tokio::sync::Notify>,
    finished: Arc<std::sync::atomic::AtomicBool>,
}

impl Stderr {
    /// ssh's last non-empty line on stderr, once it has exited (or after a short wait: a
    /// helper ssh started may keep the pipe open).
    pub(crate) async fn last_line(&self) -> Option<String> {
        use std::sync::atomic::Ordering;
        let wait = self.done.notified();
        if !self.finished.load(Ordering::SeqCst) {
            let _ = tokio::time::timeout(Duration::from_secs(2), wait).await;
        }
        let line = self.last_line.lock().map(|l| l.clone()).unwrap_or_default();
        Some(line).filter(|l| !l.is_empty())
    }
}

/// Starts `ssh … docker system dial-stdio` for `target`.
pub(crate) fn open(target: &Target, extra: &[String]) -> std::io::Result<(SshStream, Stderr)> {
    let mut child = Command::new("ssh")
        .args(arguments(target, extra))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let (Some(stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(std::io::Error::other("ssh started without its pipes"));
    };
    let report = Stderr {
        last_line: Arc::default(),
        done: Arc::default(),
        finished: Arc::default(),
    };
    let writer = report.clone();
    tokio::spawn(async move {
        let mut lines = tokio::io::BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let line = line.trim();
            if !line.is_empty() {
                if let Ok(mut last) = writer.last_line.lock() {
                    *last = line.to_owned();
                }
            }
        }
        writer
            .finished
            .store(true, std::sync::atomic::Ordering::SeqCst);
        writer.done.notify_waiters();
    });
    let stream = SshStream {
        io: tokio::io::join(stdout, stdin),
        _child: child,
    };
    Ok((stream, report))
}

impl AsyncRead for SshStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for SshStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(address: &str, extra: &[&str]) -> Vec<String> {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        arguments(&parse(address).unwrap(), &extra)
    }

    #[test]
    fn runs_dial_stdio_as_the_docker_cli_does() {
        assert_eq!(
            args("ssh://me@far.example:2222", &["-F", "/tmp/cfg"]).join(" "),
            "-F /tmp/cfg -o ConnectTimeout=10 -o BatchMode=yes -T -l me -p 2222 \
             -- far.example docker system dial-stdio"
        );
        assert_eq!(
            args("ssh://far.example", &[]).join(" "),
            "-o ConnectTimeout=10 -o BatchMode=yes -T -- far.example docker system dial-stdio"
        );
        // The user's own time limit wins.
        assert_eq!(
            args("ssh://[::1]:22/run/my docker.sock", &["-oConnectTimeout=3"]).join(" "),
            "-oConnectTimeout=3 -o BatchMode=yes -T -p 22 -- ::1 docker \
             --host 'unix:///run/my docker.sock' system dial-stdio"
        );
    }

    #[test]
    fn refuses_what_the_docker_cli_refuses() {
        for bad in [
            "ssh://me:secret@far.example",
            "ssh://far.example?x=1",
            "ssh://far.example:port",
            "ssh://-oProxyCommand=evil",
            "ssh://",
            "ssh://[::1",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_failing_ssh_reports_its_last_stderr_line() {
        // Port 1 on loopback: nothing listens, ssh says so at once.
        let target = parse("ssh://nobody@127.0.0.1:1").unwrap();
        let extra = vec!["-F".to_owned(), "/dev/null".to_owned()];
        let (stream, stderr) = open(&target, &extra).unwrap();
        let line = stderr.last_line().await.unwrap();
        drop(stream);
        assert!(line.contains("refused"), "{line}");
    }
}
