using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FormulaLmm.Diagnostics;
using FormulaLmm.Results;

namespace FormulaLmm.Cli.Commands;

/// <summary>formula-lmm check: every problem with a formula and its data, without fitting.</summary>
public sealed class CheckCommand : ICliCommand
{
    public string Name => "check";
    public string Summary => "validate a formula (and data) without fitting; list every problem";
    public string Help => $$$"""
        Usage: formula-lmm check "<formula>" [{{{DataArguments.Usage}}}] [--ml] [--json]

        Checks a formula and, with --data, the model it makes on the data, without fitting:
        syntax, terms, variables and their types, factor coding, grouping factors and lme4's size
        checks (enough levels, more observations than random effects). Every diagnostic is
        printed on stderr, errors first, each with a caret under its place in the formula; not
        only the first. Exits 2 when there is an error. Otherwise exits 0 and prints a short
        description of the model: observations, fixed-effects columns, and for each
        random-effects term its grouping factor, levels, columns and length of θ.
        Without --data only the formula itself is checked.

        Options:
        {{{DataArguments.OptionsHelp}}}
          --ml          check for a maximum-likelihood fit (REML also needs n > p)
          --json        print {formula, valid, diagnostics [{code, severity, message, start,
                        end}], model {response, nobs, omitted_rows, fixed_columns,
                        dropped_columns, random_terms [{group, columns, levels, covariance,
                        theta_length}], theta_length}} on stdout

        Examples:
          formula-lmm check "Reaction ~ Days + (Days | Subject)" --data sleepstudy
          formula-lmm check "Reaction ~ Dyas + (Days | Subjet)" --data sleepstudy
          formula-lmm check "y ~ x + (1 | g" --json

        """;

    public int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        bool json = args.Flag("json");
        bool ml = args.Flag("ml");
        var data = args.Option("data") is null ? null : DataArguments.Read(args);
        if (data is null && args.Option("factor") is not null)
            throw new UsageException("--factor needs --data");
        args.EnsureAllRead();
        var formula = args.Single("formula");

        var options = new LmmOptions { Reml = !ml };
        var table = data?.Load();
        var result = table is null ? Lmm.Check(formula) : Lmm.Check(formula, table, options);
        var model = result.Model is { } m && table is not null ? m with { DataName = FitCommand.DataLabel(data!, table) } : result.Model;

        if (json) stdout.Write(Json(result, model));
        else
        {
            stderr.Write(result.RenderDiagnostics());
            if (result.IsValid)
            {
                int warnings = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
                stdout.Write(model?.Format() ?? result.DescribeTerms()
                    + "Without --data, variables, levels and the length of θ are not checked.\n");
                stdout.Write(warnings == 0 ? "OK: no errors.\n" : $"OK: no errors, {warnings} warning{(warnings == 1 ? "" : "s")}.\n");
            }
            else
            {
                int errors = result.Errors.Count();
                stderr.Write($"{errors} error{(errors == 1 ? "" : "s")} found.\n");
            }
        }
        return result.IsValid ? ExitCodes.Success : ExitCodes.UserError;
    }

    private static string Json(CheckResult result, ModelDescription? model)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("formula", result.Formula);
            w.WriteBoolean("valid", result.IsValid);
            w.WriteStartArray("diagnostics");
            foreach (var d in result.Diagnostics)
            {
                w.WriteStartObject();
                DiagnosticJson.WriteFields(w, d);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (model is null) w.WriteNull("model");
            else
            {
                w.WriteStartObject("model");
                if (model.DataName is null) w.WriteNull("data"); else w.WriteString("data", model.DataName);
                w.WriteString("response", model.Response);
                w.WriteNumber("nobs", model.Observations);
                w.WriteStartArray("omitted_rows");
                foreach (var r in model.OmittedRows) w.WriteNumberValue(r);
                w.WriteEndArray();
                Strings(w, "fixed_columns", model.FixedColumns);
                Strings(w, "dropped_columns", model.DroppedColumns);
                w.WriteStartArray("random_terms");
                foreach (var t in model.RandomTerms)
                {
                    w.WriteStartObject();
                    w.WriteString("group", t.Group);
                    Strings(w, "columns", t.Columns);
                    w.WriteNumber("levels", t.Levels);
                    w.WriteString("covariance", t.Covariance.ToString().ToLowerInvariant());
                    w.WriteNumber("theta_length", t.ThetaLength);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("theta_length", model.ThetaLength);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
