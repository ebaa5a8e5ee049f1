/** The pages' stylesheet, served as `assets/app.css` (kept in code so the build needs no copy step). */
export const APP_CSS = `
:root { --fg:#1d2330; --muted:#5f6b7a; --line:#dfe3ea; --bg:#f6f7f9; --card:#fff; --accent:#2457c5; --accent-dark:#1a428f;
  --ok:#1f7a3f; --ok-bg:#e3f5e9; --warn:#8a5a00; --warn-bg:#fff4d6; --bad:#b42318; --bad-bg:#fdecea; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
.topbar { display:flex; align-items:center; gap:24px; padding:10px 24px; background:#1d2330; color:#fff; }
.topbar a { color:#dfe6f3; } .topbar .brand { font-weight:600; color:#fff; font-size:16px; }
.topbar nav { display:flex; gap:16px; flex:1; } .topbar .user { color:#aab4c3; font-size:14px; }
main { max-width:1100px; margin:24px auto; padding:0 24px; }
h1 { font-size:24px; margin:0 0 16px; font-weight:600; } h2 { font-size:17px; margin:28px 0 10px; font-weight:600; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:20px 24px; margin-bottom:16px; }
.muted { color:var(--muted); } .small { font-size:13px; }
table { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); border-radius:8px; overflow:hidden; }
th, td { text-align:left; padding:8px 12px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f5; font-weight:600; font-size:13px; color:var(--muted); }
tr:last-child td { border-bottom:0; }
td code, .mono { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:13px; word-break:break-all; }
form.task-form { max-width:560px; }
.card.form-card { max-width:640px; }
.field { margin-bottom:16px; }
.field label { display:block; font-weight:500; margin-bottom:4px; }
.field input[type=text], .field input[type=number], .field input[type=date], .field select, .field textarea {
  width:100%; padding:8px 10px; font:inherit; border:1px solid #c4cbd6; border-radius:6px; background:#fff; }
.field input:focus, .field select:focus, .field textarea:focus { outline:2px solid #b9cdf5; border-color:var(--accent); }
.field-checkbox { display:flex; align-items:center; flex-wrap:wrap; gap:8px; }
.field-checkbox label { margin:0; } .field-checkbox input { width:18px; height:18px; }
.field-checkbox .field-error { flex-basis:100%; }
.required { color:var(--bad); }
.field.has-error input, .field.has-error select, .field.has-error textarea { border-color:var(--bad); background:#fffafa; }
.field-error { color:var(--bad); margin:4px 0 0; font-size:14px; }
.alert { border:1px solid #f3b8b2; background:var(--bad-bg); color:var(--bad); border-radius:6px; padding:8px 14px; margin-bottom:16px; }
.alert p { margin:4px 0; }
.notice { border:1px solid #c9dbf7; background:#eef4fe; border-radius:6px; padding:10px 14px; margin-bottom:16px; }
button, .button { display:inline-block; font:inherit; font-weight:500; padding:8px 18px; border-radius:6px; border:1px solid var(--accent);
  background:var(--accent); color:#fff; cursor:pointer; }
button:hover, .button:hover { background:var(--accent-dark); text-decoration:none; }
button.secondary { background:#fff; color:var(--accent); }
.actions { display:flex; gap:10px; margin-top:20px; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; background:#eef1f5; color:var(--muted); }
.badge-running { background:#e6eefc; color:var(--accent); } .badge-completed { background:var(--ok-bg); color:var(--ok); }
.badge-suspended { background:var(--warn-bg); color:var(--warn); } .badge-failed, .badge-terminated { background:var(--bad-bg); color:var(--bad); }
.spinner { width:28px; height:28px; border:3px solid #c9d6ee; border-top-color:var(--accent); border-radius:50%; animation:spin 1s linear infinite; }
@keyframes spin { to { transform:rotate(360deg); } }
.processing { display:flex; align-items:center; gap:16px; }
.diagram { height:420px; background:#fff; border:1px solid var(--line); border-radius:8px; position:relative; }
.diagram-error { color:var(--bad); padding:16px; }
.timeline { list-style:none; padding:0; margin:0; background:var(--card); border:1px solid var(--line); border-radius:8px; }
.timeline li { padding:6px 12px; border-bottom:1px solid var(--line); display:flex; gap:12px; font-size:14px; }
.timeline li:last-child { border-bottom:0; } .timeline time { color:var(--muted); min-width:170px; font-variant-numeric:tabular-nums; }
.grid { display:grid; grid-template-columns:1fr 1fr; gap:24px; } @media (max-width:800px) { .grid { grid-template-columns:1fr; } }
dl.meta { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; } dl.meta dt { color:var(--muted); }
dl.meta dd { margin:0; }
/* bpmn-js markers: the viewer adds these classes to the element's group */
.bpmn-active:not(.djs-connection) .djs-visual > :nth-child(1) { stroke:#1f7a3f !important; stroke-width:3px !important; fill:#e3f5e9 !important; }
.bpmn-incident:not(.djs-connection) .djs-visual > :nth-child(1) { stroke:#b42318 !important; stroke-width:3px !important; fill:#fdecea !important; }
`;
