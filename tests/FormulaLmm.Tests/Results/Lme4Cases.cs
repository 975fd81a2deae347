using System.Text.Json;
using FormulaLmm.Data;

namespace FormulaLmm.Tests.Results;

/// <summary>
/// The lme4 reference fits (Fixtures/lme4, see its README) as inputs for whole-pipeline tests:
/// the data as the fixtures read it (CSV, factor columns with R's level order) and the matching
/// command line for formula-lmm fit.
/// </summary>
internal static class Lme4Cases
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "lme4");

    /// <summary>Case ids, InstEval left out (73,421 rows: too slow for the unit tests).</summary>
    public static IEnumerable<string> Ids() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "index.json"))).RootElement.EnumerateArray()
            .Select(c => c.GetProperty("case").GetString()!)
            .Where(id => !id.StartsWith("insteval", StringComparison.Ordinal));

    public static JsonElement Reference(string id) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, id + ".json"))).RootElement;

    /// <summary>True when the case needs an ordered factor, which --factor cannot express (cake_ordered).</summary>
    public static bool NeedsOrderedFactor(string id) => Reference(id).GetProperty("ordered_factors").GetArrayLength() > 0;

    /// <summary>The CSV the case was fitted on: a shared data set (as embedded in the library's source) or a simulated file.</summary>
    public static string DataPath(string id)
    {
        var r = Reference(id);
        if (r.GetProperty("data_file").ValueKind == JsonValueKind.String)
            return Path.Combine(Folder, r.GetProperty("data_file").GetString()!);
        return Path.Combine(RepositoryRoot(), "src", "FormulaLmm", "Data", "Datasets", r.GetProperty("dataset").GetString()! + ".csv");
    }

    public static string[] Factors(string id) =>
        Reference(id).GetProperty("factors").EnumerateArray().Select(f => f.GetString()!).ToArray();

    public static bool IsReml(string id) => Reference(id).GetProperty("reml").GetBoolean();

    public static string Formula(string id) => Reference(id).GetProperty("formula").GetString()!;

    /// <summary>formula-lmm fit arguments reproducing the case.</summary>
    public static string[] FitArguments(string id, bool json)
    {
        var args = new List<string> { "fit", Formula(id), "--data", DataPath(id) };
        var factors = Factors(id);
        if (factors.Length > 0) args.AddRange(new[] { "--factor", string.Join(",", factors) });
        if (!IsReml(id)) args.Add("--ml");
        if (json) args.Add("--json");
        return args.ToArray();
    }

    /// <summary>The case's table: the CSV with its factor columns categorical, ordered ones in their given order.</summary>
    public static Table Table(string id)
    {
        var r = Reference(id);
        var table = CsvReader.ReadFile(DataPath(id), new CsvReadOptions { CategoricalColumns = Factors(id) });
        foreach (var o in r.GetProperty("ordered_factors").EnumerateArray())
        {
            var column = o.GetString()!;
            var levels = r.GetProperty("factor_levels").GetProperty(column).EnumerateArray().Select(l => l.GetString()!).ToArray();
            table = table.WithLevelOrder(column, levels, isOrdered: true);
        }
        return table;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FormulaLmm.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (FormulaLmm.sln) above " + AppContext.BaseDirectory);
    }
}
