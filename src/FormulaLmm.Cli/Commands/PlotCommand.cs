using FormulaLmm.Fitting;
using FormulaLmm.Results;
using ScottPlot;
using SkiaSharp;

namespace FormulaLmm.Cli.Commands;

/// <summary>formula-lmm plot: caterpillar plots of the BLUPs and residual diagnostics, as PNG or SVG.</summary>
public sealed class PlotCommand : ICliCommand
{
    /// <summary>Caterpillar panels side by side before a new row starts.</summary>
    private const int MaxColumns = 3;
    /// <summary>Above this many levels a caterpillar panel shows no level labels (they would overlap).</summary>
    private const int MaxLabelledLevels = 80;

    public string Name => "plot";
    public string Summary => "plot BLUPs (caterpillar) or residual diagnostics to a PNG or SVG file";
    public string Help => $$$"""
        Usage: formula-lmm plot caterpillar|residuals "<formula>" {{{DataArguments.Usage}}} --out <file.png | file.svg> [--ml] [--width W] [--height H]

        Fits the model (REML by default) and draws one image, PNG or SVG by the file's extension:

          caterpillar   the BLUPs (conditional modes) of every grouping factor with 95% intervals
                        (BLUP ± 1.96 conditional SD), one panel per grouping factor and column
                        (e.g. "Subject: (Intercept)" and "Subject: Days"), levels sorted by their
                        BLUP; panels are laid out in rows of up to three in the same image. Level
                        labels are shown for up to 80 levels.
          residuals     two panels: residuals against fitted values, and a normal QQ plot of the
                        scaled residuals (residual / sigma) with the line through the quartiles
                        (R's qqnorm and qqline).

        Options:
        {{{DataArguments.OptionsHelp}}}
          --out FILE    the image to write; .png or .svg
          --ml          fit by maximum likelihood instead of REML
          --width W     image width in pixels (default: 450 per panel column)
          --height H    image height in pixels (default: from the number of levels)

        Examples:
          formula-lmm plot caterpillar "Reaction ~ Days + (Days | Subject)" --data sleepstudy --out ranef.png
          formula-lmm plot residuals "Reaction ~ Days + (Days | Subject)" --data sleepstudy --out resid.svg

        """;

    public int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        bool ml = args.Flag("ml");
        var output = args.Option("out") ?? throw new UsageException("missing --out: give the image file to write, e.g. --out ranef.png");
        int? width = PositiveInt(args.Option("width"), "width");
        int? height = PositiveInt(args.Option("height"), "height");
        var data = DataArguments.Read(args);
        args.EnsureAllRead();
        if (args.Positional.Count != 2)
            throw new UsageException("expected the kind of plot (caterpillar or residuals) and a quoted formula, e.g. " +
                "formula-lmm plot caterpillar \"Reaction ~ Days + (Days | Subject)\" --data sleepstudy --out ranef.png");
        var kind = args.Positional[0];
        var formula = args.Positional[1];
        if (kind is not ("caterpillar" or "residuals"))
            throw new UsageException($"unknown plot '{kind}': use caterpillar or residuals");
        var format = Path.GetExtension(output).ToLowerInvariant() switch
        {
            ".png" => ImageFormat.Png,
            ".svg" => ImageFormat.Svg,
            _ => throw new UsageException($"--out must end in .png or .svg, but is '{output}'"),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null && !Directory.Exists(directory))
            throw new UsageException($"cannot write '{output}': the folder '{directory}' does not exist");

        var fit = Lmm.Fit(formula, data.Load(), new LmmOptions { Reml = !ml });
        var (multiplot, defaultSize, panels) = kind == "caterpillar" ? Caterpillar(fit) : Residuals(fit);
        var size = new PixelSize(width ?? defaultSize.Width, height ?? defaultSize.Height);
        Save(multiplot, output, format, size);
        stdout.WriteLine($"wrote {kind} plot ({panels} panel{(panels == 1 ? "" : "s")}, {size.Width:0}x{size.Height:0}) to {output}");
        return ExitCodes.Success;
    }

    private static (Multiplot Plot, PixelSize Size, int Panels) Caterpillar(LmmFit fit)
    {
        var panels = PlotData.Caterpillar(fit);
        int columns = Math.Min(MaxColumns, panels.Count);
        int rows = (panels.Count + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        int maxLevels = 0;
        for (int i = 0; i < panels.Count; i++)
        {
            var panel = panels[i];
            var plot = multiplot.GetPlot(i);
            int n = panel.Levels.Count;
            maxLevels = Math.Max(maxLevels, n);
            var ys = Enumerable.Range(0, n).Select(y => (double)y).ToArray();
            var values = panel.Values.ToArray();
            var zeros = new double[n];
            var bars = new ScottPlot.Plottables.ErrorBar(values, ys,
                Enumerable.Range(0, n).Select(k => panel.Upper[k] - panel.Values[k]).ToArray(),
                Enumerable.Range(0, n).Select(k => panel.Values[k] - panel.Lower[k]).ToArray(),
                zeros, zeros)
            {
                Color = Colors.SteelBlue,
                CapSize = n > MaxLabelledLevels ? 0 : 3,
                LineWidth = 1,
            };
            plot.Add.Plottable(bars);
            var markers = plot.Add.Markers(values, ys, MarkerShape.FilledCircle, n > MaxLabelledLevels ? 2 : 5, Colors.Navy);
            var zero = plot.Add.VerticalLine(0, 1, Colors.Gray, LinePattern.Dashed);
            plot.Title(panel.Title);
            plot.XLabel("BLUP ± 1.96 conditional SD");
            if (n <= MaxLabelledLevels)
                plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ys, panel.Levels.ToArray());
            else
            {
                plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Array.Empty<double>(), Array.Empty<string>());
                plot.YLabel($"{n} levels, sorted");
            }
            plot.Axes.SetLimitsY(-1, n);
        }
        int height = Math.Clamp(90 + 16 * maxLevels, 320, 2400) * rows;
        return (multiplot, new PixelSize(450 * columns, Math.Min(height, 4800)), panels.Count);
    }

    private static (Multiplot Plot, PixelSize Size, int Panels) Residuals(LmmFit fit)
    {
        var data = PlotData.Residuals(fit);
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, 2);

        var left = multiplot.GetPlot(0);
        left.Add.Markers(data.Fitted.ToArray(), data.Residuals.ToArray(), MarkerShape.OpenCircle, 5, Colors.SteelBlue);
        left.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        left.Title("Residuals vs fitted");
        left.XLabel("Fitted values");
        left.YLabel("Residuals");

        var right = multiplot.GetPlot(1);
        var x = data.TheoreticalQuantiles.ToArray();
        right.Add.Markers(x, data.SampleQuantiles.ToArray(), MarkerShape.OpenCircle, 5, Colors.SteelBlue);
        double x0 = x.Length == 0 ? -3 : x[0], x1 = x.Length == 0 ? 3 : x[^1];
        var line = right.Add.Line(x0, data.QqLineIntercept + data.QqLineSlope * x0, x1, data.QqLineIntercept + data.QqLineSlope * x1);
        line.Color = Colors.Gray;
        line.LinePattern = LinePattern.Dashed;
        right.Title("Normal Q-Q plot of scaled residuals");
        right.XLabel("Theoretical quantiles");
        right.YLabel("Residual / sigma");
        return (multiplot, new PixelSize(1000, 450), 2);
    }

    private static void Save(Multiplot multiplot, string path, ImageFormat format, PixelSize size)
    {
        if (format == ImageFormat.Png)
        {
            multiplot.SavePng(path, (int)size.Width, (int)size.Height);
            return;
        }
        using var stream = File.Create(path);
        // The SVG canvas writes the document when it is disposed, before the stream closes.
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, size.Width, size.Height), stream))
            multiplot.Render(canvas, new PixelRect(0, size.Width, size.Height, 0));
    }

    private static int? PositiveInt(string? text, string name)
    {
        if (text is null) return null;
        if (int.TryParse(text, out int v) && v >= 50 && v <= 20000) return v;
        throw new UsageException($"--{name} must be a whole number of pixels between 50 and 20000, but is '{text}'");
    }
}
