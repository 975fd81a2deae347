using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace FormulaLmm.Data;

/// <summary>An embedded data set: its name, size, what it is and the model usually fitted to it.</summary>
/// <param name="Name">The name, as in R (<c>lme4::sleepstudy</c> is <c>"sleepstudy"</c>); <see cref="Datasets.Load"/> takes it in any case.</param>
/// <param name="Rows">Number of rows (R's <c>nrow()</c>).</param>
/// <param name="Columns">Number of columns (R's <c>ncol()</c>).</param>
/// <param name="Description">One sentence on what was measured, with units.</param>
/// <param name="TypicalFormula">The lme4 model usually fitted to it, e.g. <c>Reaction ~ Days + (Days | Subject)</c>.</param>
public sealed record DatasetInfo(string Name, int Rows, int Columns, string Description, string TypicalFormula)
{
    /// <summary>The R package it comes from (lme4 or nlme).</summary>
    public string Source { get; init; } = "lme4";

    /// <summary>Its categorical columns (R's factors), in column order.</summary>
    public IReadOnlyList<string> CategoricalColumns { get; init; } = Array.Empty<string>();
}

/// <summary>
/// The classic mixed-model data sets shipped inside the library, typed as R types them: every
/// factor categorical with R's level order, R's ordered factors ordered. Names are case-insensitive.
/// </summary>
public static class Datasets
{
    private sealed record Spec(DatasetInfo Info, string Resource, CsvReadOptions Options)
    {
        public readonly Lazy<Table> Table = new(() => LoadResource(Info.Name, Resource, Options));
    }

    // Level orders are R's (checked with R 4.2, lme4 1.1-31, nlme): only those that differ from
    // FormulaLmm's default (numeric, else ordinal) are spelt out here; the tests check all of them.
    private static readonly Spec[] Specs =
    {
        Make("sleepstudy", 180, 3,
            "Reaction times (ms) of 18 subjects over 10 days of sleep restricted to 3 hours a night.",
            "Reaction ~ Days + (Days | Subject)", "lme4",
            factors: new[] { "Subject" }),
        Make("Dyestuff", 30, 2,
            "Yield (g of standard colour) of dyestuff: 5 preparations from each of 6 batches of an intermediate product.",
            "Yield ~ 1 + (1 | Batch)", "lme4",
            factors: new[] { "Batch" }),
        Make("Dyestuff2", 30, 2,
            "Simulated data shaped like Dyestuff whose batch variance is estimated as zero (a singular fit).",
            "Yield ~ 1 + (1 | Batch)", "lme4",
            factors: new[] { "Batch" }),
        Make("Penicillin", 144, 3,
            "Diameter (mm) of growth-inhibition zones: 6 penicillin samples each tested on 24 plates (crossed).",
            "diameter ~ 1 + (1 | plate) + (1 | sample)", "lme4",
            factors: new[] { "plate", "sample" }),
        Make("Pastes", 60, 4,
            "Paste strength: 2 assays of each of 3 casks from each of 10 delivery batches (nested).",
            "strength ~ 1 + (1 | batch/cask)", "lme4",
            factors: new[] { "batch", "cask", "sample" }),
        Make("Machines", 54, 3,
            "Productivity scores of 6 workers, each using 3 machine brands 3 times.",
            "score ~ Machine + (Machine | Worker)", "nlme",
            factors: new[] { "Worker", "Machine" },
            ordered: new[] { "Worker" },
            levels: new() { ["Worker"] = new[] { "6", "2", "4", "1", "3", "5" } }),
        Make("Orthodont", 108, 4,
            "Orthodontic distance (mm) in 16 boys and 11 girls, measured at ages 8, 10, 12 and 14.",
            "distance ~ age * Sex + (age | Subject)", "nlme",
            factors: new[] { "Subject", "Sex" },
            ordered: new[] { "Subject" },
            levels: new()
            {
                ["Subject"] = new[]
                {
                    "M16", "M05", "M02", "M11", "M07", "M08", "M03", "M12", "M13", "M14", "M09", "M15", "M06", "M04",
                    "M01", "M10", "F10", "F09", "F06", "F01", "F05", "F07", "F02", "F08", "F03", "F04", "F11",
                },
                ["Sex"] = new[] { "Male", "Female" },
            }),
        Make("cake", 270, 5,
            "Breaking angle of chocolate cakes: 3 recipes baked at 6 temperatures, 15 replicates (split plot).",
            "angle ~ recipe * temperature + (1 | recipe:replicate)", "lme4",
            factors: new[] { "replicate", "recipe", "temperature" },
            ordered: new[] { "temperature" }),
        Make("InstEval", 73_421, 7,
            "Lecture ratings (1-5) at ETH Zurich by 2,972 students (s) of 1,128 lecturers (d) in 14 departments.",
            "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept)", "lme4",
            resource: "InstEval.csv.gz",
            factors: new[] { "s", "d", "studage", "lectage", "service", "dept" },
            ordered: new[] { "studage", "lectage" },
            levels: new() { ["dept"] = new[] { "15", "5", "10", "12", "6", "7", "4", "8", "9", "14", "1", "3", "11", "2" } }),
    };

    /// <summary>Every embedded data set, in a fixed order (smallest models first, InstEval last).</summary>
    public static IReadOnlyList<DatasetInfo> All { get; } = Specs.Select(s => s.Info).ToArray();

    /// <summary>The names of the embedded data sets.</summary>
    public static IEnumerable<string> Names => All.Select(d => d.Name);

    /// <summary>The data set's description, or null when there is none of that name (case-insensitive).</summary>
    /// <param name="name">A data set name such as <c>"sleepstudy"</c>; surrounding spaces are ignored.</param>
    /// <returns>Its name, size, description, source package and typical formula; null for an unknown name.</returns>
    public static DatasetInfo? Find(string name) => FindSpec(name)?.Info;

    /// <summary>Loads a data set by name (case-insensitive); false when there is none of that name.</summary>
    /// <param name="name">A data set name such as <c>"Penicillin"</c>; surrounding spaces are ignored.</param>
    /// <param name="table">The data set when found (the same immutable instance every time); otherwise null.</param>
    /// <returns>True when there is an embedded data set of that name.</returns>
    public static bool TryLoad(string name, [MaybeNullWhen(false)] out Table table)
    {
        var spec = FindSpec(name);
        table = spec?.Table.Value!;
        return spec is not null;
    }

    /// <summary>Loads a data set by name (case-insensitive). Tables are immutable and loaded once.</summary>
    /// <param name="name">A data set name such as <c>"sleepstudy"</c> (see <see cref="Names"/>); surrounding spaces are ignored.</param>
    /// <returns>The data set, typed as in R (factors categorical with R's level order); its <see cref="Table.Name"/> is the data set's name.</returns>
    /// <exception cref="Diagnostics.FormulaLmmException">FL0211 for an unknown name, with a suggestion.</exception>
    public static Table Load(string name)
    {
        if (TryLoad(name, out var table)) return table;
        throw DataErrors.Error(DataCodes.UnknownDataset,
            $"there is no embedded data set '{name}'{NameSuggestion.DidYouMean(name, Names)}; data sets: {string.Join(", ", Names)}");
    }

    private static Spec? FindSpec(string name) =>
        Specs.FirstOrDefault(s => string.Equals(s.Info.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    private static Spec Make(string name, int rows, int columns, string description, string formula, string source,
        string[] factors, string? resource = null, string[]? ordered = null,
        Dictionary<string, IReadOnlyList<string>>? levels = null)
    {
        var options = new CsvReadOptions
        {
            CategoricalColumns = factors,
            OrderedColumns = ordered ?? Array.Empty<string>(),
            LevelOrders = levels ?? new Dictionary<string, IReadOnlyList<string>>(),
        };
        return new Spec(new DatasetInfo(name, rows, columns, description, formula) { Source = source, CategoricalColumns = factors },
            resource ?? name + ".csv", options);
    }

    private static Table LoadResource(string name, string resource, CsvReadOptions options)
    {
        var assembly = typeof(Datasets).Assembly;
        using var stream = assembly.GetManifestResourceStream("FormulaLmm.Data.Datasets." + resource)
            ?? throw new InvalidOperationException($"embedded resource for data set '{name}' is missing from {assembly.GetName().Name}");
        return CsvReader.Read(stream, options, name);
    }
}
