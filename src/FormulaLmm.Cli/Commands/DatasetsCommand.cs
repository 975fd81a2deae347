using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FormulaLmm.Data;

namespace FormulaLmm.Cli.Commands;

/// <summary>formula-lmm datasets: the embedded data sets, usable anywhere --data takes a file.</summary>
public sealed class DatasetsCommand : ICliCommand
{
    public string Name => "datasets";
    public string Summary => "list the embedded data sets (usable as --data NAME)";
    public string Help => """
        Usage: formula-lmm datasets [--json]

        Lists the data sets built into formula-lmm: name, rows, columns, categorical columns,
        a description and the model usually fitted to them. Any command that takes --data accepts
        a data set's name instead of a CSV file (names are case-insensitive). Categorical columns
        are typed as in R, with R's level order.

        Options:
          --json    print the list as a JSON array (name, rows, columns, source, categorical,
                    description, typical_formula)

        Examples:
          formula-lmm datasets
          formula-lmm datasets --json
          formula-lmm fit "Reaction ~ Days + (Days | Subject)" --data sleepstudy

        """;

    public int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        bool json = args.Flag("json");
        args.EnsureAllRead();
        if (args.Positional.Count > 0)
            throw new UsageException($"datasets takes no arguments, but got '{args.Positional[0]}'");
        stdout.Write(json ? Json(Datasets.All) : Text(Datasets.All));
        return ExitCodes.Success;
    }

    internal static string Text(IReadOnlyList<DatasetInfo> sets)
    {
        int nameWidth = Math.Max(4, sets.Max(d => d.Name.Length));
        var sb = new StringBuilder();
        sb.Append($"{"name".PadRight(nameWidth)}  {"rows",7}  {"cols",4}  typical model\n");
        foreach (var d in sets)
        {
            sb.Append($"{d.Name.PadRight(nameWidth)}  {d.Rows,7:N0}  {d.Columns,4}  {d.TypicalFormula}\n");
            sb.Append(' ', nameWidth + 17).Append(d.Description).Append(" (").Append(d.Source).Append(")\n");
            sb.Append(' ', nameWidth + 17).Append("categorical: ").Append(string.Join(", ", d.CategoricalColumns)).Append('\n');
        }
        sb.Append("\nUse a name with --data, e.g. --data sleepstudy.\n");
        return sb.ToString();
    }

    internal static string Json(IReadOnlyList<DatasetInfo> sets)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var d in sets)
            {
                w.WriteStartObject();
                w.WriteString("name", d.Name);
                w.WriteNumber("rows", d.Rows);
                w.WriteNumber("columns", d.Columns);
                w.WriteString("source", d.Source);
                w.WriteStartArray("categorical");
                foreach (var c in d.CategoricalColumns) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteString("description", d.Description);
                w.WriteString("typical_formula", d.TypicalFormula);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
