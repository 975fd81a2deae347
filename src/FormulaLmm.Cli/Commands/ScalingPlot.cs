using FormulaLmm.Benchmarks;
using ScottPlot;

namespace FormulaLmm.Cli.Commands;

/// <summary>
/// Draws a scaling curve log-log: fit time and time per evaluation against size, each with a
/// reference line of the expected order of growth through its last point (slope 1 for rows of a
/// nested design, slope 3 for the levels of a crossed factor that fills in).
/// </summary>
internal static class ScalingPlot
{
    public static void Save(IReadOnlyList<ScalingPoint> points, bool rows, string path)
    {
        var plot = new Plot();
        double[] x = points.Select(p => Math.Log10(p.Size)).ToArray();
        double[] fit = points.Select(p => Math.Log10(p.FitSeconds)).ToArray();
        double[] eval = points.Select(p => Math.Log10(p.EvaluationSeconds)).ToArray();
        double slope = rows ? 1.0 : 3.0;

        var f = plot.Add.Scatter(x, fit, Colors.Navy);
        f.LegendText = "fit (set-up + optimiser + post-fit)";
        f.MarkerSize = 7;
        var e = plot.Add.Scatter(x, eval, Colors.DarkOrange);
        e.LegendText = "one objective evaluation";
        e.MarkerSize = 7;
        bool first = true;
        foreach (var (ys, color) in new[] { (fit, Colors.Navy), (eval, Colors.DarkOrange) })
        {
            // Reference line of the expected slope through the largest size.
            double x1 = x[^1], y1 = ys[^1], x0 = x[0];
            var line = plot.Add.Line(x0, y1 - slope * (x1 - x0), x1, y1);
            line.LineColor = color.WithAlpha(0.5);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            if (first) line.LegendText = rows ? "slope 1 (linear in rows), through the largest" : "slope 3 (cubic in levels), through the largest";
            first = false;
        }

        // One labelled tick per measured size.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(x,
            points.Select(p => p.Size >= 1000 ? $"{p.Size / 1000.0:0.#}k" : $"{p.Size}").ToArray());
        plot.Axes.Left.TickGenerator = LogTicks(v => v >= 1 ? $"{v:0.#} s" : v >= 1e-3 ? $"{v * 1e3:0.#} ms" : $"{v * 1e6:0.#} µs");
        plot.XLabel(rows ? "rows (50 per subject)" : "levels of the second crossed factor (items)");
        plot.YLabel("seconds (log scale)");
        plot.Title(rows
            ? "y ~ x + (1 + x | subj): fit time against rows"
            : "y ~ x + (1 | subj) + (1 | item), 6,000 subjects, 400,000 rows: fit time against items");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.AutoScale();
        double pad = 0.05 * (x[^1] - x[0]);
        plot.Axes.SetLimitsX(x[0] - pad, x[^1] + pad);
        plot.SavePng(path, 900, 560);
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks(Func<double, string> label) => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => label(Math.Pow(10, v)),
    };
}
