using System.Text.Json;
using FormulaLmm.Data;

namespace FormulaLmm.Tests.Design;

/// <summary>
/// The data sets the Design tests use (Fixtures/data/*.csv and Fixtures/design/toy.csv), typed as
/// design.R types them in R: columns declared categorical, ordered factors with their level order.
/// </summary>
internal static class DesignFixtures
{
    public static string FixturePath(params string[] parts) =>
        Path.Combine(new[] { AppContext.BaseDirectory, "Fixtures" }.Concat(parts).ToArray());

    public static JsonElement ReadJson(params string[] parts)
    {
        using var stream = File.OpenRead(FixturePath(parts));
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    private static readonly Lazy<JsonElement> Schemas = new(() => ReadJson("design", "model_matrix.json").GetProperty("datasets"));

    private static readonly Dictionary<string, Table> Cache = new();

    /// <summary>A data set by the name design.R gives it (sleepstudy, cake, toy, ...).</summary>
    public static Table Load(string name)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out var cached)) return cached;
            var schema = Schemas.Value.GetProperty(name);
            var factors = schema.GetProperty("factors").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var ordered = schema.GetProperty("ordered").EnumerateObject()
                .ToDictionary(p => p.Name, p => (IReadOnlyList<string>)p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
            var options = new CsvReadOptions
            {
                CategoricalColumns = factors.Concat(ordered.Keys).ToArray(),
                LevelOrders = ordered,
                OrderedColumns = ordered.Keys.ToArray(),
            };
            var table = CsvReader.ReadFile(FixturePath(schema.GetProperty("file").GetString()!.Split('/')), options);
            Cache[name] = table;
            return table;
        }
    }

    public static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(Number).ToArray();

    public static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "-Inf" => double.NegativeInfinity,
            "Inf" => double.PositiveInfinity,
            _ => double.NaN,
        },
        _ => double.NaN,
    };

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>Equal to 1e-10, relative to the larger magnitude when that exceeds 1.</summary>
    public static void AssertClose(double expected, double actual, string what)
    {
        double scale = Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));
        Assert.True(Math.Abs(expected - actual) <= 1e-10 * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
