using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace ChatIntake.Statistics;

/// <summary>
/// Charts drawn on the server as inline SVG: no script and no style attributes, so the panel's strict CSP holds, and
/// they print and read without JavaScript. Right to left mirrors them: bars grow from the right, time runs leftwards.
/// </summary>
public static class SvgChart
{
    private const int Width = 640;

    /// <summary>Horizontal bars, one row per item (categories, districts, ratings).</summary>
    public static IHtmlContent Bars(string title, IReadOnlyList<ChartBar> bars, bool rtl, string css = "bars")
    {
        const int row = 26, labelWidth = 170, valueWidth = 60;
        var height = Math.Max(1, bars.Count) * row + 8;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var svg = Open(title, height, css);
        var plot = Width - labelWidth - valueWidth;
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 4 + i * row;
            var length = max <= 0 ? 0 : Math.Max(bar.Value > 0 ? 2 : 0, bar.Value / max * plot);
            var barX = rtl ? Width - labelWidth - length : labelWidth;
            var labelX = rtl ? Width - 4 : labelWidth - 6;
            var valueX = rtl ? Width - labelWidth - length - 6 : labelWidth + length + 6;
            // With its direction set, "start" is the right edge in RTL: labels hug the chart's right side there.
            var anchorLabel = rtl ? "start" : "end";
            var anchorValue = rtl ? "end" : "start";
            if (bar.Link is { } link)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{Encode(link)}\">");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\"><title>{Encode(bar.Label)}: {Encode(bar.Shown)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{labelX}\" y=\"{y + 17}\" text-anchor=\"{anchorLabel}\" direction=\"{(rtl ? "rtl" : "ltr")}\">{Encode(Clip(bar.Label, 24))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(barX)}\" y=\"{y + 3}\" width=\"{F(length)}\" height=\"{row - 8}\" rx=\"3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{F(valueX)}\" y=\"{y + 17}\" text-anchor=\"{anchorValue}\" direction=\"ltr\">{Encode(bar.Shown)}</text></g>");
            if (bar.Link is not null)
            {
                svg.Append("</a>");
            }
        }

        return Close(svg);
    }

    /// <summary>Vertical columns over time, the first period at the start of the reading direction; every n-th label shown.</summary>
    public static IHtmlContent Columns(string title, IReadOnlyList<ChartBar> columns, bool rtl, string css = "columns")
    {
        const int height = 220, top = 20, bottom = 40, side = 8;
        var svg = Open(title, height, css);
        var max = columns.Count == 0 ? 0 : columns.Max(c => c.Value);
        var plotHeight = height - top - bottom;
        var slot = columns.Count == 0 ? 0 : (Width - (2 * side)) / (double)columns.Count;
        var every = Math.Max(1, (int)Math.Ceiling(columns.Count / 10.0));
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{side}\" y1=\"{height - bottom}\" x2=\"{Width - side}\" y2=\"{height - bottom}\"/>");
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var length = max <= 0 ? 0 : column.Value / max * plotHeight;
            var x = rtl ? Width - side - ((i + 1) * slot) : side + (i * slot);
            var y = height - bottom - length;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\"><title>{Encode(column.Label)}: {Encode(column.Shown)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x + (slot * 0.12))}\" y=\"{F(y)}\" width=\"{F(slot * 0.76)}\" height=\"{F(length)}\"/>");
            if (i % every == 0 || i == columns.Count - 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(x + (slot / 2))}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{Encode(column.Label)}</text>");
            }

            if (column.Value > 0 && (columns.Count <= 16 || column.Value == max))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{F(x + (slot / 2))}\" y=\"{F(y - 4)}\" text-anchor=\"middle\">{Encode(column.Shown)}</text>");
            }

            svg.Append("</g>");
        }

        return Close(svg);
    }

    internal static StringBuilder Open(string title, int height, string css) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart {css}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{Encode(title)}</title>");

    internal static IHtmlContent Close(StringBuilder svg) => new HtmlString(svg.Append("</svg>").ToString());

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    internal static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
