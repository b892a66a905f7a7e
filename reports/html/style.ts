/** The report's stylesheet, inlined: system fonts only, so nothing is fetched. */
export const REPORT_CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; }
table { border-collapse: collapse; } th, td { padding: 0.3rem 0.5rem; border: 1px solid #e2e2e2; vertical-align: top; }
table.summary td { text-align: right; } td.best { background: #e3f5e1; font-weight: 600; }
td small { white-space: nowrap; }
small { color: #555; } .note { background: #eef4ff; padding: 0.4rem; } .warning { background: #fff4e0; padding: 0.4rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } figure { margin: 0; }
.filter { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: center; background: #f6f6f6; padding: 0.5rem; }
details.question { border: 1px solid #ddd; margin: 0.4rem 0; padding: 0.3rem 0.6rem; }
details.question > summary { cursor: pointer; }
.configs { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 0.8rem; }
table.hits td.text { max-width: 28rem; white-space: pre-wrap; word-break: break-word; font-size: 0.85em; }
tr.rel { background: #effaef; } .null { color: #a33; font-weight: 600; }
.answer blockquote { margin: 0.2rem 0 0.4rem; padding: 0.3rem 0.6rem; border-left: 3px solid #9ab; background: #f7f9fb; white-space: pre-wrap; }
details.judge { margin: 0.2rem 0; } details.judge > summary { cursor: pointer; }
ul.verdicts { margin: 0.2rem 0; padding-left: 1.2rem; list-style: none; } .v-yes { color: #1d6b1d; } .v-no { color: #a33; }
`;
