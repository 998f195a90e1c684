//! The codecs of `str(bytes, encoding, errors)` and `bytes(str, encoding,
//! errors)`: UTF-8, ASCII and Latin-1 with CPython's error messages and its
//! `strict`, `ignore`, `replace`, `backslashreplace` and (for encoding)
//! `xmlcharrefreplace` handlers. Python's other codecs are recognised by
//! name and refused as not supported; names Python does not know are its
//! `LookupError`.

use crate::error::{Error, PyErrorKind};
use crate::limits::Limit;
use crate::ops::py_err;

/// A codec this engine runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Ascii => "ascii",
            Self::Latin1 => "latin-1",
        }
    }
}

/// Whether decoding or encoding: the two directions name their helper differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Decode,
    Encode,
}

/// CPython's `encodings.normalize_encoding` after lower-casing: runs of
/// characters other than ASCII letters, digits and `.` become one `_`,
/// with none at either end.
fn normalize(name: &str) -> String {
    let mut out = String::new();
    let mut punct = false;
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            if c.is_ascii() {
                out.push(c);
            }
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// Finds the codec called `name`, as `codecs.lookup` does.
pub(crate) fn lookup(name: &str, direction: Direction) -> Result<Codec, Error> {
    let norm = normalize(name);
    let candidates = [norm.clone(), norm.replace('.', "_")];
    for n in &candidates {
        match n.as_str() {
            "utf_8" | "cp65001" | "u8" | "utf" | "utf8" | "utf8_ucs2" | "utf8_ucs4" => {
                return Ok(Codec::Utf8);
            }
            "ascii" | "646" | "ansi_x3.4_1968" | "ansi_x3.4_1986" | "ansi_x3_4_1968" | "cp367"
            | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991" | "iso_ir_6" | "us"
            | "us_ascii" => return Ok(Codec::Ascii),
            "latin_1" | "8859" | "cp819" | "csisolatin1" | "ibm819" | "iso8859" | "iso8859_1"
            | "iso_8859_1" | "iso_8859_1_1987" | "iso_ir_100" | "l1" | "latin" | "latin1" => {
                return Ok(Codec::Latin1);
            }
            _ => {}
        }
    }
    if candidates
        .iter()
        .any(|n| BINARY_CODECS.contains(&n.as_str()))
    {
        let verb = match direction {
            Direction::Decode => "decode",
            Direction::Encode => "encode",
        };
        return Err(py_err(
            PyErrorKind::LookupError,
            format!(
                "'{name}' is not a text encoding; use codecs.{verb}() to handle arbitrary codecs"
            ),
        ));
    }
    if candidates.iter().any(|n| TEXT_CODECS.contains(&n.as_str())) {
        return Err(Limit::NotSupported("this codec (only UTF-8, ASCII and Latin-1 are)").into());
    }
    Err(py_err(
        PyErrorKind::LookupError,
        format!("unknown encoding: {name}"),
    ))
}

/// What to do with bytes or characters a codec cannot handle.
enum Handler {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
}

fn handler(errors: &str, direction: Direction) -> Result<Handler, Error> {
    Ok(match errors {
        "strict" => Handler::Strict,
        "ignore" => Handler::Ignore,
        "replace" => Handler::Replace,
        "backslashreplace" => Handler::BackslashReplace,
        "xmlcharrefreplace" | "namereplace" if direction == Direction::Decode => {
            return Err(crate::builtins::type_error(
                "don't know how to handle UnicodeDecodeError in error callback",
            ));
        }
        "xmlcharrefreplace" => Handler::XmlCharRefReplace,
        // On encoding, these re-raise for characters that are not surrogates.
        "surrogateescape" | "surrogatepass" if direction == Direction::Encode => Handler::Strict,
        "surrogateescape" | "surrogatepass" | "namereplace" => {
            return Err(Limit::NotSupported(
                "this error handler (it makes lone surrogates or needs Unicode names)",
            )
            .into());
        }
        other => {
            return Err(py_err(
                PyErrorKind::LookupError,
                format!("unknown error handler name '{other}'"),
            ));
        }
    })
}

/// `bytes.decode(encoding, errors)`.
pub(crate) fn decode(data: &[u8], codec: Codec, errors: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(data.len());
    let mut p = 0;
    while p < data.len() {
        // Decode the longest valid run, then handle one bad range.
        let (valid, bad): (usize, Option<(usize, &str)>) = match codec {
            Codec::Latin1 => {
                out.extend(data[p..].iter().map(|&b| char::from(b)));
                return Ok(out);
            }
            Codec::Ascii => match data[p..].iter().position(|&b| b >= 0x80) {
                None => (data.len() - p, None),
                Some(n) => (n, Some((1, "ordinal not in range(128)"))),
            },
            Codec::Utf8 => match std::str::from_utf8(&data[p..]) {
                Ok(_) => (data.len() - p, None),
                Err(e) => {
                    let start = p + e.valid_up_to();
                    let b = data[start];
                    let bad = match e.error_len() {
                        None => (data.len() - start, "unexpected end of data"),
                        Some(n) if !(0xc2..=0xf4).contains(&b) => (n, "invalid start byte"),
                        Some(n) => (n, "invalid continuation byte"),
                    };
                    (e.valid_up_to(), Some(bad))
                }
            },
        };
        // The run is valid UTF-8 (ASCII is too).
        out.push_str(std::str::from_utf8(&data[p..p + valid]).unwrap_or_default());
        p += valid;
        let Some((len, reason)) = bad else { break };
        match handler(errors, Direction::Decode)? {
            Handler::Strict | Handler::XmlCharRefReplace => {
                let what = if len == 1 {
                    format!("byte 0x{:02x} in position {p}", data[p])
                } else {
                    format!("bytes in position {p}-{}", p + len - 1)
                };
                return Err(py_err(
                    PyErrorKind::UnicodeDecodeError,
                    format!("'{}' codec can't decode {what}: {reason}", codec.name()),
                ));
            }
            Handler::Ignore => {}
            Handler::Replace => out.push('\u{fffd}'),
            Handler::BackslashReplace => {
                for b in &data[p..p + len] {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
        }
        p += len;
    }
    Ok(out)
}

/// `str.encode(encoding, errors)`.
pub(crate) fn encode(text: &str, codec: Codec, errors: &str) -> Result<Vec<u8>, Error> {
    let limit = match codec {
        Codec::Utf8 => return Ok(text.as_bytes().to_vec()),
        Codec::Ascii => 0x80,
        Codec::Latin1 => 0x100,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if u32::from(chars[i]) < limit {
            out.push(chars[i] as u8);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && u32::from(chars[end]) >= limit {
            end += 1;
        }
        match handler(errors, Direction::Encode)? {
            Handler::Strict => {
                let what = if end - i == 1 {
                    format!("character '{}' in position {i}", escape(chars[i]))
                } else {
                    format!("characters in position {i}-{}", end - 1)
                };
                return Err(py_err(
                    PyErrorKind::UnicodeEncodeError,
                    format!(
                        "'{}' codec can't encode {what}: ordinal not in range({limit})",
                        codec.name()
                    ),
                ));
            }
            Handler::Ignore => {}
            Handler::Replace => out.extend(std::iter::repeat_n(b'?', end - i)),
            Handler::BackslashReplace => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(escape(c).as_bytes());
                }
            }
            Handler::XmlCharRefReplace => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(format!("&#{};", u32::from(c)).as_bytes());
                }
            }
        }
        i = end;
    }
    Ok(out)
}

/// A character as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
fn escape(c: char) -> String {
    let n = u32::from(c);
    if n < 0x100 {
        format!("\\x{n:02x}")
    } else if n < 0x10000 {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

// Every codec name CPython 3.13 knows, normalised (module names and
// aliases), from `encodings.aliases` and the `encodings` package, split by
// `codecs.lookup(name)._is_text_encoding`.
const TEXT_CODECS: [&str; 423] = [
    "037",
    "1026",
    "1125",
    "1140",
    "1250",
    "1251",
    "1252",
    "1253",
    "1254",
    "1255",
    "1256",
    "1257",
    "1258",
    "273",
    "424",
    "437",
    "500",
    "646",
    "775",
    "850",
    "852",
    "855",
    "857",
    "858",
    "860",
    "861",
    "862",
    "863",
    "864",
    "865",
    "866",
    "869",
    "8859",
    "932",
    "936",
    "949",
    "950",
    "ansi_x3.4_1968",
    "ansi_x3.4_1986",
    "ansi_x3_4_1968",
    "arabic",
    "ascii",
    "asmo_708",
    "big5",
    "big5_hkscs",
    "big5_tw",
    "big5hkscs",
    "charmap",
    "chinese",
    "cp037",
    "cp1006",
    "cp1026",
    "cp1051",
    "cp1125",
    "cp1140",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp1361",
    "cp154",
    "cp273",
    "cp367",
    "cp424",
    "cp437",
    "cp500",
    "cp65001",
    "cp720",
    "cp737",
    "cp775",
    "cp819",
    "cp850",
    "cp852",
    "cp855",
    "cp856",
    "cp857",
    "cp858",
    "cp860",
    "cp861",
    "cp862",
    "cp863",
    "cp864",
    "cp865",
    "cp866",
    "cp866u",
    "cp869",
    "cp874",
    "cp875",
    "cp932",
    "cp936",
    "cp949",
    "cp950",
    "cp_gr",
    "cp_is",
    "csascii",
    "csbig5",
    "csibm037",
    "csibm1026",
    "csibm273",
    "csibm424",
    "csibm500",
    "csibm855",
    "csibm857",
    "csibm858",
    "csibm860",
    "csibm861",
    "csibm863",
    "csibm864",
    "csibm865",
    "csibm866",
    "csibm869",
    "csiso2022jp",
    "csiso2022kr",
    "csiso58gb231280",
    "csisolatin1",
    "csisolatin2",
    "csisolatin3",
    "csisolatin4",
    "csisolatin5",
    "csisolatin6",
    "csisolatinarabic",
    "csisolatincyrillic",
    "csisolatingreek",
    "csisolatinhebrew",
    "cskoi8r",
    "cspc775baltic",
    "cspc850multilingual",
    "cspc862latinhebrew",
    "cspc8codepage437",
    "cspcp852",
    "csptcp154",
    "csshiftjis",
    "cyrillic",
    "cyrillic_asian",
    "ebcdic_cp_be",
    "ebcdic_cp_ca",
    "ebcdic_cp_ch",
    "ebcdic_cp_he",
    "ebcdic_cp_nl",
    "ebcdic_cp_us",
    "ebcdic_cp_wt",
    "ecma_114",
    "ecma_118",
    "elot_928",
    "euc_cn",
    "euc_jis2004",
    "euc_jis_2004",
    "euc_jisx0213",
    "euc_jp",
    "euc_kr",
    "euccn",
    "eucgb2312_cn",
    "eucjis2004",
    "eucjisx0213",
    "eucjp",
    "euckr",
    "gb18030",
    "gb18030_2000",
    "gb2312",
    "gb2312_1980",
    "gb2312_80",
    "gbk",
    "greek",
    "greek8",
    "hebrew",
    "hkscs",
    "hp_roman8",
    "hz",
    "hz_gb",
    "hz_gb_2312",
    "hzgb",
    "ibm037",
    "ibm039",
    "ibm1026",
    "ibm1051",
    "ibm1125",
    "ibm1140",
    "ibm273",
    "ibm367",
    "ibm424",
    "ibm437",
    "ibm500",
    "ibm775",
    "ibm819",
    "ibm850",
    "ibm852",
    "ibm855",
    "ibm857",
    "ibm858",
    "ibm860",
    "ibm861",
    "ibm862",
    "ibm863",
    "ibm864",
    "ibm865",
    "ibm866",
    "ibm869",
    "idna",
    "iso2022_jp",
    "iso2022_jp_1",
    "iso2022_jp_2",
    "iso2022_jp_2004",
    "iso2022_jp_3",
    "iso2022_jp_ext",
    "iso2022_kr",
    "iso2022jp",
    "iso2022jp_1",
    "iso2022jp_2",
    "iso2022jp_2004",
    "iso2022jp_3",
    "iso2022jp_ext",
    "iso2022kr",
    "iso646_us",
    "iso8859",
    "iso8859_1",
    "iso8859_10",
    "iso8859_11",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_9",
    "iso_2022_jp",
    "iso_2022_jp_1",
    "iso_2022_jp_2",
    "iso_2022_jp_2004",
    "iso_2022_jp_3",
    "iso_2022_jp_ext",
    "iso_2022_kr",
    "iso_646.irv_1991",
    "iso_8859_1",
    "iso_8859_10",
    "iso_8859_10_1992",
    "iso_8859_11",
    "iso_8859_11_2001",
    "iso_8859_13",
    "iso_8859_14",
    "iso_8859_14_1998",
    "iso_8859_15",
    "iso_8859_16",
    "iso_8859_16_2001",
    "iso_8859_1_1987",
    "iso_8859_2",
    "iso_8859_2_1987",
    "iso_8859_3",
    "iso_8859_3_1988",
    "iso_8859_4",
    "iso_8859_4_1988",
    "iso_8859_5",
    "iso_8859_5_1988",
    "iso_8859_6",
    "iso_8859_6_1987",
    "iso_8859_7",
    "iso_8859_7_1987",
    "iso_8859_8",
    "iso_8859_8_1988",
    "iso_8859_9",
    "iso_8859_9_1989",
    "iso_celtic",
    "iso_ir_100",
    "iso_ir_101",
    "iso_ir_109",
    "iso_ir_110",
    "iso_ir_126",
    "iso_ir_127",
    "iso_ir_138",
    "iso_ir_144",
    "iso_ir_148",
    "iso_ir_157",
    "iso_ir_166",
    "iso_ir_199",
    "iso_ir_226",
    "iso_ir_58",
    "iso_ir_6",
    "jisx0213",
    "johab",
    "koi8_r",
    "koi8_t",
    "koi8_u",
    "korean",
    "ks_c_5601",
    "ks_c_5601_1987",
    "ks_x_1001",
    "ksc5601",
    "ksx1001",
    "kz1048",
    "kz_1048",
    "l1",
    "l10",
    "l2",
    "l3",
    "l4",
    "l5",
    "l6",
    "l7",
    "l8",
    "l9",
    "latin",
    "latin1",
    "latin10",
    "latin2",
    "latin3",
    "latin4",
    "latin5",
    "latin6",
    "latin7",
    "latin8",
    "latin9",
    "latin_1",
    "mac_arabic",
    "mac_centeuro",
    "mac_croatian",
    "mac_cyrillic",
    "mac_farsi",
    "mac_greek",
    "mac_iceland",
    "mac_latin2",
    "mac_roman",
    "mac_romanian",
    "mac_turkish",
    "maccentraleurope",
    "maccyrillic",
    "macgreek",
    "maciceland",
    "macintosh",
    "maclatin2",
    "macroman",
    "macturkish",
    "ms1361",
    "ms932",
    "ms936",
    "ms949",
    "ms950",
    "ms_kanji",
    "mskanji",
    "palmos",
    "pt154",
    "ptcp154",
    "punycode",
    "r8",
    "raw_unicode_escape",
    "rk1048",
    "roman8",
    "ruscii",
    "s_jis",
    "s_jis_2004",
    "s_jisx0213",
    "shift_jis",
    "shift_jis_2004",
    "shift_jisx0213",
    "shiftjis",
    "shiftjis2004",
    "shiftjisx0213",
    "sjis",
    "sjis_2004",
    "sjisx0213",
    "strk1048_2002",
    "thai",
    "tis620",
    "tis_620",
    "tis_620_0",
    "tis_620_2529_0",
    "tis_620_2529_1",
    "u16",
    "u32",
    "u7",
    "u8",
    "u_jis",
    "uhc",
    "ujis",
    "undefined",
    "unicode_1_1_utf_7",
    "unicode_escape",
    "unicodebigunmarked",
    "unicodelittleunmarked",
    "us",
    "us_ascii",
    "utf",
    "utf16",
    "utf32",
    "utf7",
    "utf8",
    "utf8_ucs2",
    "utf8_ucs4",
    "utf_16",
    "utf_16_be",
    "utf_16_le",
    "utf_16be",
    "utf_16le",
    "utf_32",
    "utf_32_be",
    "utf_32_le",
    "utf_32be",
    "utf_32le",
    "utf_7",
    "utf_8",
    "utf_8_sig",
    "windows_1250",
    "windows_1251",
    "windows_1252",
    "windows_1253",
    "windows_1254",
    "windows_1255",
    "windows_1256",
    "windows_1257",
    "windows_1258",
    "windows_31j",
    "x_mac_japanese",
    "x_mac_korean",
    "x_mac_simp_chinese",
    "x_mac_trad_chinese",
];
const BINARY_CODECS: [&str; 18] = [
    "base64",
    "base64_codec",
    "base_64",
    "bz2",
    "bz2_codec",
    "hex",
    "hex_codec",
    "quopri",
    "quopri_codec",
    "quoted_printable",
    "quotedprintable",
    "rot13",
    "rot_13",
    "uu",
    "uu_codec",
    "zip",
    "zlib",
    "zlib_codec",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(b: &[u8], enc: &str, errors: &str) -> String {
        match lookup(enc, Direction::Decode).and_then(|c| decode(b, c, errors)) {
            Ok(s) => crate::repr::str_repr(&s),
            Err(e) => e.to_string(),
        }
    }

    /// CPython 3.13's answers.
    #[test]
    fn decoding_matches_cpython() {
        assert_eq!(
            dec(b"a\xff\xfeb", "utf-8", "replace"),
            "'a\u{fffd}\u{fffd}b'"
        );
        assert_eq!(
            dec(b"a\xff\xfeb", "utf-8", "backslashreplace"),
            r"'a\\xff\\xfeb'"
        );
        assert_eq!(dec(b"\xe2\x82", "utf-8", "replace"), "'\u{fffd}'");
        assert_eq!(dec(b"\xf0\x90\x80A", "utf-8", "replace"), "'\u{fffd}A'");
        assert_eq!(
            dec(b"\xf0\x90\x80A", "utf-8", "strict"),
            "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-2: invalid continuation byte"
        );
        assert_eq!(
            dec(b"\xed\xa0\x80", "utf-8", "replace"),
            "'\u{fffd}\u{fffd}\u{fffd}'"
        );
        assert_eq!(
            dec(b"\xc0\x80", "utf-8", "strict"),
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"
        );
        assert_eq!(
            dec(b"a\xc3", " UTF 8 ", "strict"),
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc3 in position 1: unexpected end of data"
        );
        assert_eq!(
            dec(b"\xff\xfe", "646", "strict"),
            "UnicodeDecodeError: 'ascii' codec can't decode byte 0xff in position 0: ordinal not in range(128)"
        );
        assert_eq!(dec(b"\xff", "L1", "strict"), "'\u{ff}'");
        assert_eq!(
            dec(b"\xff", "utf-8", "strict "),
            "LookupError: unknown error handler name 'strict '"
        );
        assert_eq!(
            dec(b"a", "u t f 8", "strict"),
            "LookupError: unknown encoding: u t f 8"
        );
        assert_eq!(
            dec(b"a", "rot13", "strict"),
            "LookupError: 'rot13' is not a text encoding; use codecs.decode() to handle arbitrary codecs"
        );
        assert!(dec(b"a", "cp1252", "strict").starts_with("engine limit"));
    }

    #[test]
    fn encoding_matches_cpython() {
        let enc = |s: &str, e: &str, h: &str| match lookup(e, Direction::Encode)
            .and_then(|c| encode(s, c, h))
        {
            Ok(b) => crate::repr::bytes_repr(&b),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            enc("ab\u{20ac}\u{20ac}cd", "ascii", "strict"),
            "UnicodeEncodeError: 'ascii' codec can't encode characters in position 2-3: ordinal not in range(128)"
        );
        assert_eq!(
            enc("a\u{1f600}", "latin-1", "strict"),
            "UnicodeEncodeError: 'latin-1' codec can't encode character '\\U0001f600' in position 1: ordinal not in range(256)"
        );
        assert_eq!(enc("ab\u{20ac}x\u{20ac}", "ascii", "replace"), "b'ab?x?'");
        assert_eq!(
            enc("a\u{20ac}", "ascii", "xmlcharrefreplace"),
            "b'a&#8364;'"
        );
        assert_eq!(
            enc("a\u{20ac}", "ascii", "backslashreplace"),
            r"b'a\\u20ac'"
        );
        assert_eq!(
            enc("\u{e9}", "ascii", "surrogateescape"),
            "UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"
        );
    }
}
