namespace Monitor.Service.Reporting;

/// <summary>The style sheet inlined in <see cref="HtmlReport"/>: installed fonts only, printable, readable on a laptop.</summary>
internal static class HtmlReportStyle
{
    /// <summary>The CSS.</summary>
    public const string Css = """

        :root { --ink:#1d2433; --muted:#5b6475; --line:#d9dee7; --paper:#f4f6f9; --card:#fff; --up:#c0392b; --down:#2e6fb7; }
        * { box-sizing:border-box; }
        body { margin:0; background:var(--paper); color:var(--ink); font:14px/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
        main { max-width:1240px; margin:0 auto; padding:24px 28px 40px; }
        header { background:linear-gradient(120deg,#16324f,#1f5c8b); color:#fff; border-radius:10px; padding:18px 24px 14px; }
        header a { color:#cfe6ff; }
        .kicker { margin:0; text-transform:uppercase; letter-spacing:.08em; font-size:12px; opacity:.8; }
        h1 { margin:2px 0 12px; font-size:28px; }
        h2 { font-size:19px; margin:0 0 10px; padding-bottom:6px; border-bottom:2px solid var(--line); }
        h3 { font-size:15px; margin:14px 0 6px; }
        .facts { display:grid; grid-template-columns:repeat(4, minmax(0,1fr)); gap:8px 18px; margin:0; }
        .facts div { min-width:0; }
        .facts dt { font-size:11px; text-transform:uppercase; letter-spacing:.05em; opacity:.75; }
        .facts dd { margin:0; font-weight:bold; overflow-wrap:anywhere; }
        .files { margin:10px 0 0; font-size:12px; opacity:.9; }
        section { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px 20px; margin-top:16px; }
        .lede { color:var(--muted); margin:0 0 10px; }
        .quiet { color:var(--muted); font-style:italic; margin:4px 0; }
        .meta { color:var(--muted); font-weight:normal; font-size:12px; }
        .alerts { list-style:none; padding:0; margin:0; }
        .alert { border-left:6px solid; border-radius:6px; padding:8px 12px; margin:6px 0; }
        .alert .meta { display:block; margin-top:2px; }
        .alert.severe { border-color:#b3261e; background:#fdecea; }
        .alert.warning { border-color:#d98a00; background:#fff5e0; }
        .alert.info { border-color:#2e6fb7; background:#eaf2fc; }
        .badge { display:inline-block; text-transform:uppercase; font-size:11px; font-weight:bold; padding:1px 7px; border-radius:9px; background:#fff; border:1px solid currentColor; margin-right:6px; }
        .figures { display:grid; grid-template-columns:repeat(auto-fit, minmax(420px,1fr)); gap:12px; }
        .figures.wide { grid-template-columns:1fr; }
        figure { margin:0; text-align:center; }
        figure img { max-width:100%; height:auto; border:1px solid var(--line); border-radius:6px; }
        figcaption { color:var(--muted); font-size:12px; margin-top:4px; }
        table { border-collapse:collapse; width:100%; font-size:13px; }
        th, td { padding:5px 8px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
        th { background:#eef1f6; font-size:12px; white-space:nowrap; }
        tbody tr:nth-child(even) td { background:#fafbfd; }
        td.id { font-weight:bold; white-space:nowrap; }
        tr.group th { background:#dfe7f2; color:#16324f; font-size:13px; text-align:left; }
        .num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
        .kind { display:inline-block; padding:0 7px; border-radius:9px; font-size:12px; font-weight:bold; color:#fff; background:#6b7280; }
        .kind.hot { background:#c0392b; } .kind.cold { background:#2e6fb7; } .kind.wind { background:#7b5ea7; }
        .cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(360px,1fr)); gap:12px; }
        .card { border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
        .card h3 { margin:0 0 2px; }
        .card p { margin:0 0 6px; }
        .shares th, .shares td { border:0; padding:2px 4px; background:none !important; }
        .shares td:first-child { width:90px; }
        .shares td.num { width:40px; }
        td.bar { position:relative; height:18px; }
        td.bar span { position:absolute; top:4px; height:12px; }
        .fill { left:0; border-radius:2px; opacity:.85; }
        .fill.up { background:var(--up); } .fill.down { background:var(--down); }
        .band { background:rgba(90,100,117,.22); border:1px solid rgba(90,100,117,.55); top:1px !important; height:18px !important; }
        .mean { width:2px; background:#1d2433; top:0 !important; height:20px !important; }
        .notes { color:var(--muted); margin:6px 0 0; padding-left:18px; }
        @media print { body { background:#fff; } section, header { break-inside:avoid; } }

        """;
}
