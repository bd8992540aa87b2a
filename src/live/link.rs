//! The room link of a live session: the sync server's address, the room's token and
//! whose model it is, carried in the URL's fragment (`#live=…`), which browsers never
//! send to a server. Whatever a link holds is hostile: [`parse`] reads at most
//! [`MAX_LINK`] bytes in one pass and refuses, with a message naming the part, a server
//! that is not a WebSocket address (or not encrypted, away from this machine), a token
//! of fewer than 128 random bits, or a name that is too long.

use std::fmt;

/// The fragment's prefix.
pub const PREFIX: &str = "#live=";
/// The longest fragment read.
pub const MAX_LINK: usize = 4096;
/// Bytes of randomness in a room token (128 bits), written as 32 hex digits.
pub const TOKEN_BYTES: usize = 16;
/// The longest token accepted (a server may use longer ones than ours).
pub const MAX_TOKEN: usize = 128;
/// The longest owner's name kept.
pub const MAX_NAME: usize = 120;

/// Where a live session meets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomLink {
    /// `wss://host[:port][/path]`, or `ws://` on this machine.
    pub server: String,
    /// At least 128 random bits, as hex.
    pub room: String,
    /// The name of who opened the room, shown before joining.
    pub owner: String,
}

/// Why a link was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    NotALiveLink,
    TooLong { bytes: usize },
    Missing { part: &'static str },
    Server { server: String, problem: &'static str },
    Token { problem: &'static str },
    Name,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALiveLink => write!(f, "This is not a live room link."),
            LinkError::TooLong { bytes } => {
                write!(f, "The room link is {bytes} bytes long; a room link is at most {MAX_LINK}.")
            }
            LinkError::Missing { part } => write!(f, "The room link has no {part}."),
            LinkError::Server { server, problem } => {
                write!(f, "The room link's server \u{201c}{server}\u{201d} {problem}.")
            }
            LinkError::Token { problem } => write!(f, "The room link's room token {problem}."),
            LinkError::Name => write!(f, "The room link's owner name is longer than {MAX_NAME} characters."),
        }
    }
}

/// A room token from `bytes` of randomness (the caller draws them: the core has none).
pub fn token(bytes: &[u8; TOKEN_BYTES]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The room link for `r`, after `base` (the app's address without a fragment).
pub fn link(base: &str, r: &RoomLink) -> String {
    format!("{base}{PREFIX}server={}&room={}&owner={}", encode(&r.server), encode(&r.room), encode(&r.owner))
}

/// Reads a fragment (with its `#`). O(length), at most [`MAX_LINK`] bytes.
pub fn parse(fragment: &str) -> Result<RoomLink, LinkError> {
    let Some(rest) = fragment.strip_prefix(PREFIX) else { return Err(LinkError::NotALiveLink) };
    if fragment.len() > MAX_LINK {
        return Err(LinkError::TooLong { bytes: fragment.len() });
    }
    let (mut server, mut room, mut owner) = (None, None, None);
    for pair in rest.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match key {
            "server" => &mut server,
            "room" => &mut room,
            "owner" => &mut owner,
            _ => continue,
        };
        *slot = Some(decode(value));
    }
    let server = server.filter(|s| !s.is_empty()).ok_or(LinkError::Missing { part: "server address" })?;
    let room = room.filter(|s| !s.is_empty()).ok_or(LinkError::Missing { part: "room token" })?;
    check_server(&server)?;
    check_token(&room)?;
    let owner: String = owner.unwrap_or_default().chars().filter(|c| !c.is_control()).collect();
    let owner = owner.trim().to_string();
    if owner.chars().count() > MAX_NAME {
        return Err(LinkError::Name);
    }
    Ok(RoomLink { server, room, owner })
}

/// A WebSocket address; unencrypted only to this machine.
pub fn check_server(server: &str) -> Result<(), LinkError> {
    let refuse = |problem| {
        Err(LinkError::Server { server: crate::model::text::clip(server, 80).to_string(), problem })
    };
    let (secure, rest) = if let Some(r) = server.strip_prefix("wss://") {
        (true, r)
    } else if let Some(r) = server.strip_prefix("ws://") {
        (false, r)
    } else {
        return refuse("is not a WebSocket address (wss://…)");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !h.ends_with(']') || authority.starts_with('[') => {
            if !port.is_empty() && !port.chars().all(|c| c.is_ascii_digit()) {
                return refuse("has a port that is not a number");
            }
            h
        }
        _ => authority,
    };
    if host.is_empty() || authority.contains('@') {
        return refuse("has no host");
    }
    if server.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("contains spaces");
    }
    let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
    if !secure && !local {
        return refuse("is not encrypted (ws://); a team's server is reached with wss://");
    }
    Ok(())
}

fn check_token(room: &str) -> Result<(), LinkError> {
    if room.len() > MAX_TOKEN {
        return Err(LinkError::Token { problem: "is too long" });
    }
    if !room.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(LinkError::Token { problem: "is not hexadecimal" });
    }
    if room.len() < TOKEN_BYTES * 2 {
        return Err(LinkError::Token { problem: "is shorter than 128 bits, too easy to guess" });
    }
    Ok(())
}

/// Percent-encodes all but the unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decodes; a malformed escape is kept as it is, invalid UTF-8 replaced.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> RoomLink {
        RoomLink {
            server: "wss://sync.example.com/rooms".into(),
            room: token(&[0xab; TOKEN_BYTES]),
            owner: "Dee O'Neil & co".into(),
        }
    }

    #[test]
    fn a_link_reads_back_as_it_was_written() {
        let l = link("https://app.example.com/", &room());
        let fragment = &l[l.find('#').unwrap()..];
        assert_eq!(parse(fragment), Ok(room()));
        assert_eq!(room().room.len(), 32);
    }

    #[test]
    fn each_bad_part_is_named() {
        let t = token(&[1; TOKEN_BYTES]);
        let cases = [
            ("#share=abc".to_string(), "This is not a live room link."),
            (format!("#live=room={t}"), "The room link has no server address."),
            ("#live=server=wss%3A%2F%2Fa.example".to_string(), "The room link has no room token."),
            (
                format!("#live=server=https%3A%2F%2Fa.example&room={t}"),
                "The room link's server \u{201c}https://a.example\u{201d} is not a WebSocket address (wss://\u{2026}).",
            ),
            (
                format!("#live=server=ws%3A%2F%2Fa.example&room={t}"),
                "The room link's server \u{201c}ws://a.example\u{201d} is not encrypted (ws://); a team's server is reached with wss://.",
            ),
            (
                "#live=server=wss%3A%2F%2Fa.example&room=abcd".to_string(),
                "The room link's room token is shorter than 128 bits, too easy to guess.",
            ),
            (
                format!("#live=server=wss%3A%2F%2Fa.example&room={}zz", &t[..30]),
                "The room link's room token is not hexadecimal.",
            ),
            (
                format!("#live=server=wss%3A%2F%2Fa.example%3Ax1&room={t}"),
                "The room link's server \u{201c}wss://a.example:x1\u{201d} has a port that is not a number.",
            ),
            (
                format!("#live=server=wss%3A%2F%2Fa.example&room={t}&owner={}", "a".repeat(121)),
                "The room link's owner name is longer than 120 characters.",
            ),
        ];
        for (fragment, message) in cases {
            assert_eq!(parse(&fragment).unwrap_err().to_string(), message, "{fragment}");
        }
    }

    #[test]
    fn this_machine_may_be_reached_unencrypted() {
        let t = token(&[7; TOKEN_BYTES]);
        for server in ["ws://127.0.0.1:1234", "ws://localhost:80/x", "ws://[::1]:9"] {
            let r = RoomLink { server: server.into(), room: t.clone(), owner: String::new() };
            let l = link("", &r);
            assert_eq!(parse(&l), Ok(r), "{server}");
        }
    }

    #[test]
    fn a_huge_or_garbled_fragment_is_refused_or_read_without_panic() {
        let long = format!("#live=server={}", "%".repeat(MAX_LINK));
        assert_eq!(parse(&long), Err(LinkError::TooLong { bytes: long.len() }));
        for junk in
            ["#live=", "#live=&&&", "#live=server=%E2%28%A1&room=%", "#live=server=wss://%zz&room=%%%"]
        {
            assert!(parse(junk).is_err(), "{junk}");
        }
        // Control characters are dropped from the name.
        let t = token(&[9; TOKEN_BYTES]);
        let got =
            parse(&format!("#live=server=wss%3A%2F%2Fa.example&room={t}&owner=%1B%5B31mEve%07")).unwrap();
        assert_eq!(got.owner, "[31mEve");
    }
}
