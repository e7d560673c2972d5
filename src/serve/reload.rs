//! The live-reload script that `serve` adds to every HTML page it answers (never to `build`
//! output), and the error overlay.
//!
//! The script knows the build generation its page was served at and listens on the event stream
//! (`EVENTS_PATH`, answered in `http.rs`): a newer good build reloads the page, a failed one
//! shows its diagnostics in an overlay, which clears once the content is fixed. A page served
//! while the latest build has errors carries the overlay from the start.
//!
//! A leaf: it knows nothing of the server's state; it may use `markdown` (escaping) and
//! `serde_json`.

/// The event stream the script listens on. No output path can start so (ids have no `_`).
pub(crate) const EVENTS_PATH: &str = "/__zhengfeng/events";

const OVERLAY_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(255,255,255,.97);\
color:#1a1a1a;padding:24px 32px;font:14px/1.6 system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;\
border-top:6px solid #a4161a";
const OVERLAY_PRE_STYLE: &str = "white-space:pre-wrap;font:13px/1.5 ui-monospace,'Noto Sans Mono CJK SC',monospace;\
background:#f6f6f6;border:1px solid #ddd;padding:12px;margin:0";

/// The overlay shown while the latest build has errors.
fn overlay_html(errors: &str) -> String {
    format!(
        "<div id=\"zhengfeng-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\">\
         <p style=\"margin:0 0 12px;font-size:18px;font-weight:bold;color:#a4161a\">构建失败: 内容有错误, 下面是详细信息; 修正并保存后页面会自动刷新</p>\
         <pre style=\"{OVERLAY_PRE_STYLE}\">{}</pre></div>",
        crate::markdown::escape(errors)
    )
}

/// The live-reload script. It knows the generation the page was served at; a newer good build
/// reloads the page, a failed one shows the overlay (built with textContent: no HTML from the
/// diagnostics is ever interpreted).
fn live_script(generation: u64) -> String {
    format!(
        r#"<script id="zhengfeng-live">(function(){{
var served={generation};
function show(text){{
  var o=document.getElementById('zhengfeng-overlay');
  if(!text){{if(o)o.parentNode.removeChild(o);return;}}
  if(!o){{o=document.createElement('div');o.id='zhengfeng-overlay';o.setAttribute('role','alert');o.setAttribute('style',{style});document.body.appendChild(o);}}
  o.textContent='';
  var p=document.createElement('p');p.setAttribute('style','margin:0 0 12px;font-size:18px;font-weight:bold;color:#a4161a');
  p.textContent='构建失败: 内容有错误, 下面是详细信息; 修正并保存后页面会自动刷新';
  var pre=document.createElement('pre');pre.setAttribute('style',{pre_style});pre.textContent=text;
  o.appendChild(p);o.appendChild(pre);
}}
if(!window.EventSource)return;
var es=new EventSource('{EVENTS_PATH}');
es.onmessage=function(e){{
  var s;try{{s=JSON.parse(e.data);}}catch(_){{return;}}
  if(s.errors){{show(s.errors);}}else if(s.generation!==served){{es.close();location.reload();}}else{{show(null);}}
}};
}})();</script>"#,
        style = js_string(OVERLAY_STYLE),
        pre_style = js_string(OVERLAY_PRE_STYLE),
    )
}

/// A JavaScript string literal that is safe inside a `<script>` element.
fn js_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string().replace('<', "\\u003c")
}

/// Add the overlay (when the latest build failed) and the live script before `</body>`; a 404
/// page also gets `<base href="/">` so that its relative links work at any depth.
pub(crate) fn inject(bytes: Vec<u8>, generation: u64, errors: Option<&str>, is_404: bool) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(errors) = errors {
        snippet.push_str(&overlay_html(errors));
    }
    snippet.push_str(&live_script(generation));
    let mut bytes = bytes;
    if is_404 {
        if let Some(i) = find_ci(&bytes, b"<head>", false) {
            let at = i + b"<head>".len();
            bytes.splice(at..at, b"<base href=\"/\">".iter().copied());
        }
    }
    match find_ci(&bytes, b"</body>", true) {
        Some(i) => {
            bytes.splice(i..i, snippet.into_bytes());
        }
        None => bytes.extend_from_slice(snippet.as_bytes()),
    }
    bytes
}

/// The first (or last) position of `needle` in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8], last: bool) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    let hit = |i: &usize| hay[*i..*i + needle.len()].eq_ignore_ascii_case(needle);
    let range = 0..=hay.len() - needle.len();
    if last { range.rev().find(hit) } else { range.into_iter().find(hit) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_and_errors_are_escaped() {
        let errors = "<b>坏</b> & \"x\"";
        let html = String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>".to_vec(), 7, Some(errors), false)).unwrap();
        assert!(html.contains("&lt;b&gt;坏&lt;/b&gt; &amp; &quot;x&quot;"), "{html}");
        assert!(!html.contains("<b>坏"), "{html}");
        assert!(html.contains("var served=7;"));
        assert!(html.ends_with("</script></BODY></html>"), "{html}");
    }
}
