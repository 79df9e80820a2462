namespace CorpusForge.Cli.Reports;

/// <summary>The page frame the reports share: one inline stylesheet, system fonts, no scripts or external files.</summary>
internal static class Html
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;margin:0;background:#f6f7f9}
        main{max-width:1000px;margin:0 auto;padding:20px 28px 60px;background:#fff}
        h1{font-size:24px;margin:8px 0 2px}h2{font-size:18px;margin:26px 0 6px;border-bottom:1px solid #e3e6ea;padding-bottom:3px}
        h2.phase{font-size:21px;border:0;margin-top:36px}h3{font-size:14px;margin:14px 0 4px}
        .meta{color:#59626c;margin:0}.note,.help{color:#59626c;margin:4px 0 8px}.warn{color:#a02c1c;font-weight:600}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
        .card{flex:1 1 170px;border:1px solid #e3e6ea;border-radius:6px;padding:8px 12px}
        .card .label{color:#59626c;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .card .value{font-size:19px;font-weight:600}.card .note{font-size:12px;margin:0}
        table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
        th,td{border-bottom:1px solid #eceef1;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f5f7}
        td:nth-child(n+2):not(:last-child){text-align:right;white-space:nowrap}
        svg.chart{display:block;max-width:100%;height:auto;font-size:12px;font-family:inherit}
        svg .tick{fill:#59626c;font-size:11px}svg .axis{fill:#1d232a;font-size:12px}svg .empty{fill:#59626c}
        svg .threshold-label{fill:#c0392b;font-size:11px;font-weight:600}
        .two{display:grid;grid-template-columns:1fr;gap:0 24px}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:6px 20px}
        .score h3{margin:10px 0 0;font-family:ui-monospace,monospace;font-size:13px}.score .help{margin:0;font-size:12px}
        .sample{border-left:3px solid #d0d5db;margin:8px 0;padding:2px 10px}.sample .where{color:#59626c;font-size:12px}
        pre{white-space:pre-wrap;word-break:break-word;font-size:12px;margin:4px 0;max-height:11em;overflow:auto}
        details{margin:4px 0}summary{cursor:pointer;font-weight:600}code{font-size:12px}
        """;

    public static void Begin(System.Text.StringBuilder html, string title) =>
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>")
            .Append(SvgChart.Escape(title)).Append("</title><style>").Append(Style).Append("</style></head><body><main>");

    public static void Card(System.Text.StringBuilder html, string label, string value, string note) =>
        html.Append("<div class=\"card\"><div class=\"label\">").Append(SvgChart.Escape(label)).Append("</div><div class=\"value\">").Append(SvgChart.Escape(value))
            .Append("</div><div class=\"note\">").Append(SvgChart.Escape(note)).Append("</div></div>");

    public static void End(System.Text.StringBuilder html) =>
        html.Append("<footer class=\"note\">Made by <code>corpusforge report</code>.</footer></main></body></html>\n");
}
