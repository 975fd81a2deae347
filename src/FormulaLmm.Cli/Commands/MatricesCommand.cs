using System.Globalization;
using System.Text;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Terms;

namespace FormulaLmm.Cli.Commands;

/// <summary>formula-lmm matrices: the X, Z and θ layout a formula gives on a data set, as lme4 builds them.</summary>
public sealed class MatricesCommand : ICliCommand
{
    public string Name => "matrices";
    public string Summary => "build the model matrices (X, random-effects terms, θ layout) of a formula on data";
    public string Help => $$$"""
        Usage: formula-lmm matrices "<formula>" {{{DataArguments.Usage}}} [--json]

        Builds the fixed-effects matrix X (R's model.matrix coding and column names, with the
        columns lme4 drops when X is rank deficient), and for each random-effects term its
        grouping factor's levels, one level code per row, its z rows and its θ layout, in lme4's
        order. Rows with a missing value in any variable of the model are omitted and reported.
        Errors in the formula, the data or the model exit 2 with the culprit marked.

        Options:
        {{{DataArguments.OptionsHelp}}}
          --json        print everything as JSON: response, nobs, omitted_rows (1-based data rows),
                        fixed {columns, dropped, rows}, random [{group, columns, levels, codes,
                        z, theta {count, lower, initial}}], offset, diagnostics

        Examples:
          formula-lmm matrices "Reaction ~ Days + (Days | Subject)" --data sleepstudy
          formula-lmm matrices "score ~ Machine + (1 | Worker)" --data Machines.csv --factor Worker --json

        """;

    public int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        bool json = args.Flag("json");
        var data = DataArguments.Read(args);
        args.EnsureAllRead();
        var formula = args.Single("formula");
        var table = data.Load();

        var spec = ModelSpecBuilder.Build(formula);
        if (!spec.Success)
        {
            stderr.Write(DiagnosticRenderer.RenderAll(spec.Diagnostics, formula));
            return ExitCodes.UserError;
        }
        // Like R's model.matrix, matrices also shows the design of a one-sided formula (~ x + a).
        var result = DesignBuilder.Build(spec.Spec!, table, new DesignOptions { RequireResponse = false });
        if (!result.Success)
        {
            stderr.Write(DiagnosticRenderer.RenderAll(result.Diagnostics, formula));
            return ExitCodes.UserError;
        }

        var design = result.Design!;
        stderr.Write(DiagnosticRenderer.RenderAll(design.Diagnostics, formula));
        stdout.Write(json ? DesignJson.Write(design) : Describe(design, table.Name));
        return ExitCodes.Success;
    }


    /// <summary>A readable account of the design: sizes, names, θ layout and the first rows of X.</summary>
    internal static string Describe(LmmDesign design, string? dataName)
    {
        var sb = new StringBuilder();
        var x = design.Fixed;
        int total = design.KeptRows.Length + design.OmittedRows.Length;
        sb.Append("Formula:  ").Append(design.Formula).Append('\n');
        sb.Append("Data:     ").Append(dataName ?? "(table)").Append($": {total} rows, {design.RowCount} used");
        if (design.OmittedRows.Length > 0)
            sb.Append($", {design.OmittedRows.Length} omitted (rows {string.Join(", ", design.OmittedRows.Take(10))}{(design.OmittedRows.Length > 10 ? ", ..." : "")})");
        sb.Append('\n');
        sb.Append("Response: ").Append(design.HasResponse ? design.ResponseName : "(none)").Append('\n');
        if (design.Offset is not null) sb.Append("Offset:   yes\n");

        sb.Append($"\nFixed effects: X is {x.RowCount} x {x.ColumnCount}\n");
        sb.Append("  columns: ").Append(x.ColumnCount == 0 ? "(none)" : string.Join(", ", x.ColumnNames)).Append('\n');
        if (x.DroppedColumns.Count > 0)
            sb.Append("  dropped (rank deficient): ").Append(string.Join(", ", x.DroppedColumns)).Append('\n');

        if (design.RandomTerms.Count == 0) sb.Append("\nRandom effects: none\n");
        else
        {
            int q = design.RandomTerms.Sum(t => t.ColumnCount);
            sb.Append($"\nRandom effects: Z is {design.RowCount} x {q}, theta has {design.ThetaCount} parameters\n");
            foreach (var t in design.RandomTerms)
            {
                var cov = t.Covariance;
                sb.Append($"  {t.GroupName}: {t.LevelCount} levels x {t.K} column{(t.K == 1 ? "" : "s")} ({string.Join(", ", t.ColumnNames)})\n");
                sb.Append($"    levels: {string.Join(", ", t.Levels.Take(8))}{(t.LevelCount > 8 ? ", ..." : "")}\n");
                sb.Append($"    theta: {cov.ThetaCount} ({cov.Structure.ToString().ToLowerInvariant()}); lower {string.Join(", ", cov.LowerBounds.Select(Num))}; initial {string.Join(", ", cov.Initial.Select(Num))}\n");
            }
        }

        int shown = Math.Min(6, x.RowCount);
        if (shown > 0 && x.ColumnCount > 0)
        {
            sb.Append($"\nFirst {shown} rows of X:\n");
            var cells = new string[shown + 1][];
            cells[0] = new[] { "row" }.Concat(x.ColumnNames).ToArray();
            for (int i = 0; i < shown; i++)
                cells[i + 1] = new[] { (design.KeptRows[i] + 1).ToString(CultureInfo.InvariantCulture) }
                    .Concat(Enumerable.Range(0, x.ColumnCount).Select(j => Num(x[i, j]))).ToArray();
            var widths = Enumerable.Range(0, cells[0].Length).Select(j => cells.Max(r => r[j].Length)).ToArray();
            foreach (var row in cells)
                sb.Append("  ").Append(string.Join("  ", row.Select((c, j) => c.PadLeft(widths[j])))).Append('\n');
        }
        return sb.ToString();
    }

    private static string Num(double v) =>
        double.IsNegativeInfinity(v) ? "-Inf" : double.IsPositiveInfinity(v) ? "Inf" : v.ToString("G6", CultureInfo.InvariantCulture);
}
