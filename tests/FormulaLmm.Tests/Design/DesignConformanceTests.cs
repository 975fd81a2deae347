using System.Text.Json;
using FormulaLmm.Design;
using static FormulaLmm.Tests.Design.DesignFixtures;

namespace FormulaLmm.Tests.Design;

/// <summary>
/// Formulas of Fixtures/design/model_matrix.json and lformula.json (written by design.R with
/// R 4.2 and lme4 1.1-31) through <see cref="DesignBuilder"/>, compared with R's model.matrix
/// (plus lme4's rank-deficiency drop) and lme4's lFormula, column by column to 1e-10.
/// </summary>
public class DesignConformanceTests
{
    private static readonly Lazy<JsonElement> ModelMatrix = new(() => ReadJson("design", "model_matrix.json"));
    private static readonly Lazy<JsonElement> LFormula = new(() => ReadJson("design", "lformula.json"));

    public static TheoryData<int, string> FixedCases() => Cases(ModelMatrix.Value);

    public static TheoryData<int, string> RandomCases() => Cases(LFormula.Value);

    // The index identifies the case; the data set and formula make the test name readable.
    private static TheoryData<int, string> Cases(JsonElement fixture)
    {
        var data = new TheoryData<int, string>();
        int i = 0;
        foreach (var c in fixture.GetProperty("cases").EnumerateArray())
            data.Add(i++, $"{c.GetProperty("data").GetString()}: {c.GetProperty("formula").GetString()}");
        return data;
    }

    [Fact]
    public void TheFixturesCoverEnoughFormulas()
    {
        Assert.True(ModelMatrix.Value.GetProperty("cases").GetArrayLength() >= 40);
        Assert.True(LFormula.Value.GetProperty("cases").GetArrayLength() >= 15);
        Assert.Equal("1.1.31", ModelMatrix.Value.GetProperty("generated_by").GetProperty("lme4").GetString());
    }

    [Theory]
    [MemberData(nameof(FixedCases))]
    public void FixedEffectsMatchRModelMatrix(int index, string name)
    {
        var expected = ModelMatrix.Value.GetProperty("cases")[index];
        var contrasts = expected.GetProperty("contrasts").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() switch
            {
                "sum" => ContrastKind.Sum,
                "helmert" => ContrastKind.Helmert,
                "poly" => ContrastKind.Polynomial,
                _ => ContrastKind.Treatment,
            });
        var design = TestDesigns.Build(expected.GetProperty("formula").GetString()!,
            Load(expected.GetProperty("data").GetString()!), new DesignOptions { Contrasts = contrasts });

        AssertRows(expected.GetProperty("rows"), design, name);
        var response = Numbers(expected.GetProperty("response"));
        for (int i = 0; i < response.Length; i++) AssertClose(response[i], design.Response[i], $"{name} y[{i}]");

        // R's model.matrix has every column; lme4 keeps those of "kept" and drops "dropped".
        var allNames = Strings(expected.GetProperty("columns"));
        Assert.Equal(Strings(expected.GetProperty("kept")), design.Fixed.ColumnNames);
        Assert.Equal(Strings(expected.GetProperty("dropped")), design.Fixed.DroppedColumns);
        var values = expected.GetProperty("values");
        for (int j = 0; j < design.Fixed.ColumnCount; j++)
        {
            var column = Numbers(values[Array.IndexOf(allNames, design.Fixed.ColumnNames[j])]);
            var actual = design.Fixed.Column(j);
            for (int i = 0; i < column.Length; i++) AssertClose(column[i], actual[i], $"{name} X[{i}, {design.Fixed.ColumnNames[j]}]");
        }

        if (expected.GetProperty("offset").ValueKind == JsonValueKind.Null) Assert.Null(design.Offset);
        else
        {
            var offset = Numbers(expected.GetProperty("offset"));
            Assert.NotNull(design.Offset);
            for (int i = 0; i < offset.Length; i++) AssertClose(offset[i], design.Offset![i], $"{name} offset[{i}]");
        }
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void RandomEffectsMatchLme4LFormula(int index, string name)
    {
        var expected = LFormula.Value.GetProperty("cases")[index];
        var design = TestDesigns.Build(expected.GetProperty("formula").GetString()!, Load(expected.GetProperty("data").GetString()!));

        AssertRows(expected.GetProperty("rows"), design, name);
        var fixedPart = expected.GetProperty("fixed");
        Assert.Equal(Strings(fixedPart.GetProperty("columns")), design.Fixed.ColumnNames);
        Assert.Equal(Strings(fixedPart.GetProperty("dropped")), design.Fixed.DroppedColumns);
        for (int j = 0; j < design.Fixed.ColumnCount; j++)
        {
            var column = Numbers(fixedPart.GetProperty("values")[j]);
            for (int i = 0; i < column.Length; i++) AssertClose(column[i], design.Fixed[i, j], $"{name} X[{i}, {j}]");
        }

        // Terms in lme4's order, with its names, columns and levels.
        var terms = expected.GetProperty("terms");
        Assert.Equal(terms.GetArrayLength(), design.RandomTerms.Count);
        for (int t = 0; t < design.RandomTerms.Count; t++)
        {
            var term = design.RandomTerms[t];
            Assert.Equal(terms[t].GetProperty("group").GetString(), term.GroupName);
            Assert.Equal(Strings(terms[t].GetProperty("columns")), term.ColumnNames);
            Assert.Equal(Strings(terms[t].GetProperty("levels")), term.Levels);
            Assert.Equal(terms[t].GetProperty("nl").GetInt32(), term.LevelCount);
        }
        Assert.Equal(Ints(expected.GetProperty("Gp")), Gp(design));

        // Zt: every non-zero (random effect, observation, value) triplet.
        var zt = expected.GetProperty("Zt");
        Assert.Equal(Ints(zt.GetProperty("dim")), new[] { Gp(design)[^1], design.RowCount });
        var expectedTriplets = Ints(zt.GetProperty("i")).Zip(Ints(zt.GetProperty("j")), Numbers(zt.GetProperty("x")))
            .ToDictionary(t => (t.First, t.Second), t => t.Third);
        var actualTriplets = ZtTriplets(design);
        Assert.Equal(expectedTriplets.Keys.OrderBy(k => k), actualTriplets.Keys.OrderBy(k => k));
        foreach (var (key, value) in expectedTriplets) AssertClose(value, actualTriplets[key], $"{name} Zt{key}");

        // θ layout: initial values, bounds, and where each θ goes in Λ.
        Assert.Equal(Numbers(expected.GetProperty("theta")), design.RandomTerms.SelectMany(t => t.Covariance.Initial));
        Assert.Equal(Numbers(expected.GetProperty("lower")), design.RandomTerms.SelectMany(t => t.Covariance.LowerBounds));
        Assert.Equal(Ints(expected.GetProperty("Lind")), Lind(design));
    }

    private static void AssertRows(JsonElement rows, LmmDesign design, string name)
    {
        var expectedRows = Ints(rows);
        Assert.Equal(expectedRows, design.KeptRows.Select(r => r + 1));
        int total = design.KeptRows.Length + design.OmittedRows.Length;
        Assert.Equal(Enumerable.Range(1, total).Except(expectedRows), design.OmittedRows);
        Assert.True(design.RowCount == expectedRows.Length, name);
    }

    /// <summary>lme4's Gp: where each term's columns start in Z, and the total.</summary>
    private static int[] Gp(LmmDesign design)
    {
        var gp = new List<int> { 0 };
        foreach (var t in design.RandomTerms) gp.Add(gp[^1] + t.ColumnCount);
        return gp.ToArray();
    }

    private static Dictionary<(int, int), double> ZtTriplets(LmmDesign design)
    {
        var result = new Dictionary<(int, int), double>();
        int offset = 0;
        foreach (var term in design.RandomTerms)
        {
            for (int i = 0; i < design.RowCount; i++)
                for (int j = 0; j < term.K; j++)
                {
                    double z = term.ZValues[i * term.K + j];
                    if (z != 0) result[(offset + term.LevelCodes[i] * term.K + j, i)] = z;
                }
            offset += term.ColumnCount;
        }
        return result;
    }

    /// <summary>
    /// lme4's Lind: the 1-based θ index of each structural non-zero of Λ', in Λ' column-major
    /// order, i.e. Λ row by row, left to right.
    /// </summary>
    private static int[] Lind(LmmDesign design)
    {
        var lind = new List<int>();
        int thetaOffset = 0;
        foreach (var term in design.RandomTerms)
        {
            var cov = term.Covariance;
            var at = new Dictionary<(int, int), int>();
            for (int t = 0; t < cov.ThetaCount; t++) at[(cov.Rows[t], cov.Columns[t])] = t;
            for (int level = 0; level < term.LevelCount; level++)
                for (int r = 0; r < term.K; r++)
                    for (int c = 0; c <= r; c++)
                        if (at.TryGetValue((r, c), out var t)) lind.Add(thetaOffset + t + 1);
            thetaOffset += cov.ThetaCount;
        }
        return lind.ToArray();
    }
}
