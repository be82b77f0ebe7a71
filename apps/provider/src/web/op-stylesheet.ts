/** The provider's only stylesheet, served from /assets/op.css (no CDN, works offline). */
export const OP_STYLESHEET = `
:root { --fg:#1d2430; --muted:#5b6575; --line:#d9dee7; --accent:#2455c3; --bg:#f5f7fb; --err:#b3261e; --ok:#1e7d3a; --warn:#8a5a00; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
main { margin:2rem auto; padding:0 1rem; }
main.narrow { max-width:28rem; }
main.wide { max-width:72rem; }
h1 { font-size:1.5rem; margin:0 0 1rem; }
h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
a { color:var(--accent); }
.muted { color:var(--muted); }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1.25rem; }
form.card label, .field label { display:block; font-weight:600; margin:.75rem 0 .25rem; }
input[type=text], input[type=password], input[type=url], textarea, select { width:100%; padding:.5rem .6rem; border:1px solid var(--line); border-radius:6px; font:inherit; background:#fff; }
textarea { min-height:4.5rem; font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:13px; }
button, .button { display:inline-block; margin-top:1rem; padding:.5rem 1rem; border:0; border-radius:6px; background:var(--accent); color:#fff; font:inherit; font-weight:600; cursor:pointer; text-decoration:none; }
button.secondary, .button.secondary { background:#e7ebf3; color:var(--fg); }
button.danger { background:var(--err); }
button.small { margin:0; padding:.25rem .6rem; font-size:13px; }
.inline { display:inline; }
.error { color:var(--err); }
.field-error { color:var(--err); font-size:13px; margin:.25rem 0 0; }
.field.invalid input, .field.invalid textarea { border-color:var(--err); }
.hint { color:var(--muted); font-size:13px; margin:.2rem 0 0; }
.notice { padding:.6rem .9rem; border-radius:6px; margin:0 0 1rem; background:#e9f6ee; color:var(--ok); border:1px solid #bfe3cb; }
.notice.bad { background:#fdeceb; color:var(--err); border-color:#f3c2bf; }
.banner { padding:.5rem 1rem; background:#fff4d6; color:var(--warn); border-bottom:1px solid #f0d58a; font-size:14px; }
.secret { font-family:ui-monospace, monospace; background:#fff; border:1px dashed var(--line); padding:.4rem .6rem; word-break:break-all; }
nav.top { display:flex; gap:1.25rem; align-items:center; padding:.75rem 1.5rem; background:#fff; border-bottom:1px solid var(--line); }
nav.top .brand { font-weight:700; margin-right:1rem; }
nav.top a { text-decoration:none; }
nav.top a.active { font-weight:700; }
nav.top form { margin-left:auto; }
table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--line); border-radius:8px; overflow:hidden; }
th, td { text-align:left; padding:.5rem .7rem; border-bottom:1px solid var(--line); vertical-align:top; font-size:14px; }
th { background:#eef1f7; font-weight:600; }
code { font-family:ui-monospace, monospace; font-size:13px; word-break:break-all; }
.status { display:inline-block; padding:.05rem .5rem; border-radius:999px; font-size:12px; font-weight:700; text-transform:uppercase; background:#e7ebf3; }
.status-delivered { background:#dcf2e3; color:var(--ok); }
.status-failed { background:#fbe0de; color:var(--err); }
.status-retrying, .status-queued { background:#fff0c9; color:var(--warn); }
.status-unconfirmed, .status-paused { background:#e3e8f6; color:#3b4a7a; }
.filters { display:flex; gap:.75rem; align-items:flex-end; margin:0 0 1rem; }
.filters label { font-size:13px; font-weight:600; }
.filters select, .filters input { width:auto; }
.filters button { margin:0; }
.actions { display:flex; gap:.5rem; flex-wrap:wrap; }
`;
