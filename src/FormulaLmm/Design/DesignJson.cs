using FormulaLmm.Terms;
using System.Globalization;
using System.Text;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Design;

/// <summary>
/// The JSON form of a design (the shape `formula-lmm matrices --json` prints and the snapshot
/// tests keep): response, X by rows, each random-effects term with its levels, level codes, z
/// rows and θ layout. Rows of numbers sit on one line each so that diffs stay readable. Numbers
/// are the shortest text that reads back to the same double; non-finite values are written as
/// the strings "Inf", "-Inf" and "NaN", as R's jsonlite does.
/// </summary>
public static class DesignJson
{
    /// <summary>The design as JSON, the output of <c>formula-lmm matrices --json</c>.</summary>
    /// <param name="design">A built design.</param>
    /// <returns>An indented JSON object ending in a newline.</returns>
    public static string Write(LmmDesign design)
    {
        var w = new StringBuilder();
        w.Append("{\n");
        Field(w, 1, "formula", Str(design.Formula));
        Field(w, 1, "response", design.HasResponse ? Str(design.ResponseName) : "null");
        Field(w, 1, "nobs", design.RowCount.ToString(CultureInfo.InvariantCulture));
        Field(w, 1, "omitted_rows", Ints(design.OmittedRows));
        Field(w, 1, "y", design.HasResponse ? Numbers(design.Response) : "null");

        var x = design.Fixed;
        w.Append(Indent(1)).Append("\"fixed\": {\n");
        Field(w, 2, "columns", Strings(x.ColumnNames));
        Field(w, 2, "dropped", Strings(x.DroppedColumns));
        w.Append(Indent(2)).Append("\"rows\": ");
        Rows(w, 2, x.RowCount, x.ColumnCount, (i, j) => x[i, j]);
        w.Append('\n').Append(Indent(1)).Append("},\n");

        w.Append(Indent(1)).Append("\"random\": [");
        for (int t = 0; t < design.RandomTerms.Count; t++)
        {
            var term = design.RandomTerms[t];
            w.Append(t == 0 ? "\n" : ",\n").Append(Indent(2)).Append("{\n");
            Field(w, 3, "group", Str(term.GroupName));
            Field(w, 3, "group_variables", Strings(term.GroupVariables));
            Field(w, 3, "columns", Strings(term.ColumnNames));
            Field(w, 3, "levels", Strings(term.Levels));
            Field(w, 3, "codes", Ints(term.LevelCodes));
            w.Append(Indent(3)).Append("\"z\": ");
            Rows(w, 3, term.LevelCodes.Length, term.K, (i, j) => term.ZValues[i * term.K + j]);
            w.Append(",\n");
            var cov = term.Covariance;
            w.Append(Indent(3)).Append("\"theta\": {")
                .Append("\"count\": ").Append(cov.ThetaCount.ToString(CultureInfo.InvariantCulture))
                .Append(", \"structure\": ").Append(Str(StructureName(cov.Structure)))
                .Append(", \"lower\": ").Append(Numbers(cov.LowerBounds))
                .Append(", \"initial\": ").Append(Numbers(cov.Initial))
                .Append(", \"rows\": ").Append(Ints(cov.Rows))
                .Append(", \"columns\": ").Append(Ints(cov.Columns))
                .Append("}\n");
            w.Append(Indent(2)).Append('}');
        }
        w.Append(design.RandomTerms.Count == 0 ? "],\n" : "\n" + Indent(1) + "],\n");

        Field(w, 1, "offset", design.Offset is null ? "null" : Numbers(design.Offset));
        w.Append(Indent(1)).Append("\"diagnostics\": [");
        for (int d = 0; d < design.Diagnostics.Count; d++)
        {
            var diag = design.Diagnostics[d];
            w.Append(d == 0 ? "\n" : ",\n").Append(Indent(2)).Append(DiagnosticJson.ToJson(diag));
        }
        w.Append(design.Diagnostics.Count == 0 ? "]\n" : "\n" + Indent(1) + "]\n");
        w.Append("}\n");
        return w.ToString();
    }

    /// <summary>Diagnostics as a JSON array (for errors, when there is no design).</summary>
    public static string WriteDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        return "{\"diagnostics\": [" + string.Join(", ", diagnostics.Select(DiagnosticJson.ToJson)) + "]}\n";
    }

    private static string StructureName(CovarianceStructure s) => s switch
    {
        CovarianceStructure.Unstructured => "unstructured",
        CovarianceStructure.Diagonal => "diagonal",
        CovarianceStructure.CompoundSymmetry => "cs",
        _ => "ar1",
    };

    private static void Field(StringBuilder w, int depth, string name, string value) =>
        w.Append(Indent(depth)).Append(Str(name)).Append(": ").Append(value).Append(",\n");

    private static void Rows(StringBuilder w, int depth, int rows, int columns, Func<int, int, double> value)
    {
        if (rows == 0) { w.Append("[]"); return; }
        w.Append("[\n");
        for (int i = 0; i < rows; i++)
        {
            w.Append(Indent(depth + 1)).Append('[');
            for (int j = 0; j < columns; j++)
            {
                if (j > 0) w.Append(", ");
                w.Append(Number(value(i, j)));
            }
            w.Append(i + 1 < rows ? "],\n" : "]\n");
        }
        w.Append(Indent(depth)).Append(']');
    }

    private static string Indent(int depth) => new(' ', 2 * depth);

    /// <summary>
    /// A number as JSON: the shortest round-trip text, 0 for −0, and the strings "Inf", "-Inf" and
    /// "NaN" for values JSON cannot hold (as R's jsonlite writes them).
    /// </summary>
    public static string Number(double v)
    {
        if (double.IsNaN(v)) return "\"NaN\"";
        if (double.IsPositiveInfinity(v)) return "\"Inf\"";
        if (double.IsNegativeInfinity(v)) return "\"-Inf\"";
        if (v == 0) return "0"; // also for -0
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Numbers(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Number)) + "]";

    private static string Ints(IEnumerable<int> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Strings(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Str)) + "]";

    /// <summary>A string as a JSON string literal: quoted, with quotes, backslashes and control characters escaped.</summary>
    public static string Str(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
