/** The sample RP's stylesheet, served from /assets/rp.css. */
export const RP_STYLESHEET = `
:root { --fg:#1d2430; --muted:#5b6575; --line:#d9dee7; --accent:#0f7b6c; --bg:#f4f8f7; --err:#b3261e; }
* { box-sizing:border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { padding:.75rem 1.5rem; background:#fff; border-bottom:1px solid var(--line); font-weight:700; }
main { max-width:40rem; margin:2rem auto; padding:0 1rem; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1.25rem; }
.button { display:inline-block; margin-top:.5rem; padding:.5rem 1rem; border-radius:6px; background:var(--accent); color:#fff; text-decoration:none; font-weight:600; }
.button.secondary { background:#e5ecea; color:var(--fg); }
dl { display:grid; grid-template-columns:max-content 1fr; gap:.25rem 1rem; }
dt { color:var(--muted); }
dd { margin:0; font-family:ui-monospace, monospace; font-size:13px; word-break:break-all; }
.status { padding:.6rem .9rem; border-radius:6px; background:#e3f4ee; color:#0f5e4f; border:1px solid #b9e2d5; }
.status.logged-out { background:#fdeceb; color:var(--err); border-color:#f3c2bf; font-weight:600; }
.notice { color:var(--muted); }
.error { color:var(--err); }
form.inline { display:inline; }
button.button { border:0; font:inherit; cursor:pointer; }
`;
