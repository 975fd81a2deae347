using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FormulaLmm.Diagnostics;
using FormulaLmm.Fitting;

namespace FormulaLmm.Results;

/// <summary>
/// A fit as JSON, in the shape of issue 4 (field names as lme4's users know them):
/// formula, method ("REML" | "ML"), nobs, fixef [{name, estimate, se, t}], sigma, theta,
/// objective (REML criterion or deviance), loglik, aic, bic, varcorr (lme4's
/// as.data.frame(VarCorr) rows), blups [{group, term, level, value, condsd}], singular,
/// converged, evaluations, fit_seconds; then df_resid, vcov, omitted_rows (1-based data rows),
/// dropped_columns, theta_names, variance_component_se, gradient and diagnostics (the design's,
/// then the fit's).
/// Numbers are the shortest text that reads back as the same double; NaN and infinities are null.
/// Records (one fixed effect, one VarCorr row, one BLUP) are written one per line.
/// </summary>
public static class FitJson
{
    private static readonly JsonWriterOptions RecordOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The fit as a JSON object (ends with a newline).</summary>
    public static string Write(LmmFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var o = new ObjectWriter();
        o.Field("formula", Str(fit.Design.Formula));
        o.Field("method", Str(fit.IsReml ? "REML" : "ML"));
        o.Field("nobs", Int(fit.ObservationCount));
        o.Records("fixef", fit.FixedEffects.Select(f => Record(w =>
        {
            w.WriteString("name", f.Name);
            Number(w, "estimate", f.Estimate);
            Number(w, "se", f.StandardError);
            Number(w, "t", f.TValue);
        })));
        o.Field("sigma", Num(fit.Sigma));
        o.Field("theta", NumArray(fit.Theta));
        o.Field("objective", Num(fit.Objective));
        o.Field("loglik", Num(fit.LogLikelihood));
        o.Field("aic", Num(fit.Aic));
        o.Field("bic", Num(fit.Bic));
        o.Records("varcorr", VarCorrRecords(fit));
        o.Records("blups", Lme4Blups(fit).Select(b => Record(w =>
        {
            w.WriteString("group", b.Group);
            w.WriteString("term", b.Term);
            w.WriteString("level", b.Level);
            Number(w, "value", b.Value);
            Number(w, "condsd", b.ConditionalSd);
        })));
        o.Field("singular", Bool(fit.IsSingular));
        o.Field("converged", Bool(IsConverged(fit)));
        o.Field("evaluations", Int(fit.Convergence.Evaluations));
        o.Field("fit_seconds", Num(fit.Convergence.FitTime.TotalSeconds));
        o.Field("df_resid", Int(fit.ResidualDegreesOfFreedom));
        o.Records("vcov", Enumerable.Range(0, fit.FixedEffectsCovariance.Rows).Select(i => NumArray(fit.FixedEffectsCovariance.Row(i))));
        o.Field("omitted_rows", "[" + string.Join(", ", fit.Design.OmittedRows.Select(r => r.ToString(CultureInfo.InvariantCulture))) + "]");
        o.Field("dropped_columns", "[" + string.Join(", ", fit.DroppedColumns.Select(Str)) + "]");
        o.Field("theta_names", "[" + string.Join(", ", ThetaNames(fit).Select(Str)) + "]");
        o.Records("variance_component_se", VarianceComponentRecords(fit));
        o.Field("gradient", NumArray(fit.Convergence.Gradient));
        o.Records("diagnostics", fit.Design.Diagnostics.Concat(fit.Diagnostics).Select(DiagnosticRecord));
        return o.Finish();
    }

    /// <summary>
    /// The convergence verdict: the optimiser stopped by its own criterion (not by the evaluation
    /// limit) and raised no FL0403. A singular fit still counts as converged, as in lme4.
    /// FL0408 (large gradient) is not counted: it tests the absolute gradient, while lme4 tests
    /// min(|gradient|, |Hessian-scaled gradient|), and on 7 of the 36 lme4 reference fits it warns
    /// where lme4, with the same gradient, reports convergence.
    /// </summary>
    public static bool IsConverged(LmmFit fit) =>
        fit.Convergence.Converged && !fit.Diagnostics.Any(d => d.Code == FittingCodes.NotConverged);

    /// <summary>
    /// The BLUP rows in lme4's as.data.frame(ranef(fit, condVar = TRUE)) order: grouping factor by
    /// grouping factor (in term order), then term column by column, then level by level. Terms
    /// sharing a factor (<c>(x || g)</c>) are listed together under the factor's name.
    /// </summary>
    public static IReadOnlyList<BlupRow> Lme4Blups(LmmFit fit)
    {
        var rows = new List<BlupRow>();
        foreach (var (group, _) in Lme4Names.GroupingFactors(fit))
            foreach (var t in fit.RandomEffects.Where(t => t.Group == group))
                for (int c = 0; c < t.Names.Count; c++)
                    for (int l = 0; l < t.Levels.Count; l++)
                        rows.Add(new BlupRow(t.Group, t.Names[c], t.Levels[l], t.Values[l, c], t.ConditionalSds[l, c]));
        return rows;
    }

    /// <summary>lme4's names of θ: "group.column" on the diagonal, "group.row.column" below it.</summary>
    public static IReadOnlyList<string> ThetaNames(LmmFit fit)
    {
        var names = new List<string>();
        foreach (var t in fit.Design.RandomTerms)
        {
            var cov = t.Covariance;
            for (int i = 0; i < cov.ThetaCount; i++)
            {
                int r = cov.Rows[i], c = cov.Columns[i];
                names.Add(r == c ? $"{t.GroupName}.{t.ColumnNames[r]}" : $"{t.GroupName}.{t.ColumnNames[r]}.{t.ColumnNames[c]}");
            }
        }
        return names;
    }

    private static IEnumerable<string> VarCorrRecords(LmmFit fit)
    {
        var groups = LmmSummary.VarCorrRowGroups(fit, Lme4Names.VarCorrGroups(fit));
        return fit.VarCorrRows.Select((r, i) => Record(w =>
        {
            w.WriteString("group", groups[i]);
            NullableString(w, "name1", r.Name1);
            NullableString(w, "name2", r.Name2);
            bool covariance = r.Name2 is not null;
            Number(w, covariance ? "covariance" : "variance", r.Value);
            Number(w, covariance ? "corr" : "sd", r.SdOrCorrelation);
        }));
    }

    private static IEnumerable<string> VarianceComponentRecords(LmmFit fit)
    {
        if (fit.VarianceComponentErrors is null) return Array.Empty<string>();
        var groups = LmmSummary.VarCorrRowGroups(fit, Lme4Names.VarCorrGroups(fit));
        return fit.VarCorrRows.Select((r, i) => Record(w =>
        {
            w.WriteString("group", groups[i]);
            NullableString(w, "name1", r.Name1);
            NullableString(w, "name2", r.Name2);
            Number(w, "estimate", r.Value);
            Number(w, "se", r.StandardError ?? double.NaN);
        }));
    }

    internal static string DiagnosticRecord(Diagnostic d) => Record(w => DiagnosticJson.WriteFields(w, d));

    // ---- writing ------------------------------------------------------------------------------

    /// <summary>An object with one field per line and arrays of records with one record per line.</summary>
    private sealed class ObjectWriter
    {
        private readonly StringBuilder _sb = new("{\n");
        private bool _first = true;

        public void Field(string name, string json)
        {
            Separator();
            _sb.Append("  ").Append(Str(name)).Append(": ").Append(json);
        }

        public void Records(string name, IEnumerable<string> records)
        {
            Separator();
            _sb.Append("  ").Append(Str(name)).Append(": [");
            bool first = true;
            foreach (var r in records)
            {
                _sb.Append(first ? "\n    " : ",\n    ").Append(r);
                first = false;
            }
            _sb.Append(first ? "]" : "\n  ]");
        }

        public string Finish() => _sb.Append("\n}\n").ToString();

        private void Separator()
        {
            if (!_first) _sb.Append(",\n");
            _first = false;
        }
    }

    private static string Record(Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, RecordOptions))
        {
            w.WriteStartObject();
            fields(w);
            w.WriteEndObject();
        }
        // One line, with a space after ':' and ',' as the fixtures and the issue print records.
        return Spaced(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Adds a space after each ':' and ',' that is outside a string.</summary>
    private static string Spaced(string compact)
    {
        var sb = new StringBuilder(compact.Length + 32);
        bool inString = false;
        for (int i = 0; i < compact.Length; i++)
        {
            char c = compact[i];
            sb.Append(c);
            if (inString)
            {
                if (c == '\\') sb.Append(compact[++i]);
                else if (c == '"') inString = false;
            }
            else if (c == '"') inString = true;
            else if (c is ':' or ',') sb.Append(' ');
        }
        return sb.ToString();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(Num(value), skipInputValidation: true);
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Str(string s) => JsonSerializer.Serialize(s, StringOptions);

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool b) => b ? "true" : "false";

    /// <summary>The shortest round-trip form ("R"), as JSON: NaN and infinities become null.</summary>
    internal static string Num(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e') : "null";

    private static string NumArray(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Num)) + "]";
}
