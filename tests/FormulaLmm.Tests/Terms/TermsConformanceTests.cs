using System.Text.Json;
using FormulaLmm.Terms;

namespace FormulaLmm.Tests.Terms;

/// <summary>
/// Every formula of Fixtures/terms/terms.json (written by terms.R with R 4.2 and lme4 1.1-31)
/// through <see cref="ModelSpecBuilder"/>, compared with R's terms() and lme4's findbars()/mkReTrms().
/// </summary>
public class TermsConformanceTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "terms", "terms.json");
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream).RootElement.Clone();
    });

    public static TheoryData<string> FixedFormulas() => Formulas("fixed");

    public static TheoryData<string> RandomFormulas() => Formulas("random");

    private static TheoryData<string> Formulas(string section)
    {
        var data = new TheoryData<string>();
        // The generated part of the fixture can repeat a hand-written formula; each is tested once.
        var formulas = Fixture.Value.GetProperty(section).EnumerateArray().Select(c => c.GetProperty("formula").GetString()!);
        foreach (var f in formulas.Distinct()) data.Add(f);
        return data;
    }

    private static JsonElement Case(string section, string formula) =>
        Fixture.Value.GetProperty(section).EnumerateArray().First(c => c.GetProperty("formula").GetString() == formula);

    [Fact]
    public void TheFixtureCoversEnoughFormulas()
    {
        Assert.True(Fixture.Value.GetProperty("fixed").GetArrayLength() >= 60);
        Assert.True(Fixture.Value.GetProperty("random").GetArrayLength() >= 20);
        Assert.Equal("1.1.31", Fixture.Value.GetProperty("lme4_version").GetString());
    }

    [Theory]
    [MemberData(nameof(FixedFormulas))]
    public void FixedPartMatchesRTerms(string formula)
    {
        var expected = Case("fixed", formula);
        bool empty = expected.GetProperty("intercept").GetInt32() == 0 && expected.GetProperty("labels").GetArrayLength() == 0;
        ModelSpec spec;
        if (empty)
        {
            // R accepts a model with nothing in it; a mixed model cannot be fitted from it, so it is
            // an error here, but the algebra must still agree with R.
            var result = ModelSpecBuilder.Build(formula);
            Assert.Equal(TermsCodes.EmptyModel, Assert.Single(result.Diagnostics, d => d.IsError).Code);
            spec = result.Spec!;
        }
        else spec = BuildWithoutErrors(formula);
        AssertFixedPart(expected, spec);
        Assert.Empty(spec.RandomTerms);
    }

    [Theory]
    [MemberData(nameof(RandomFormulas))]
    public void RandomTermsMatchLme4Expansion(string formula)
    {
        var expected = Case("random", formula);
        var spec = BuildWithoutErrors(formula);
        AssertFixedPart(expected.GetProperty("fixed"), spec);

        var bars = expected.GetProperty("bars").EnumerateArray().ToArray();
        Assert.Equal(bars.Length, spec.RandomTerms.Count);
        for (int i = 0; i < bars.Length; i++)
        {
            var bar = bars[i];
            var term = spec.RandomTerms[i];
            Assert.Equal(bar.GetProperty("lme4_group").GetString(), term.GroupLabel);
            Assert.Equal(bar.GetProperty("intercept").GetInt32() == 1, term.HasIntercept);
            Assert.Equal(Strings(bar.GetProperty("labels")), term.Terms.Select(t => t.Label).ToArray());
            if (bar.GetProperty("numeric_effects").GetBoolean())
            {
                // With numeric variables only, lme4's columns are the intercept and the term labels.
                var columns = (term.HasIntercept ? new[] { "(Intercept)" } : Array.Empty<string>())
                    .Concat(term.Terms.Select(t => t.Label)).ToArray();
                Assert.Equal(Strings(bar.GetProperty("columns")), columns);
            }
        }
    }

    private static ModelSpec BuildWithoutErrors(string formula)
    {
        var result = ModelSpecBuilder.Build(formula);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Spec!;
    }

    private static void AssertFixedPart(JsonElement expected, ModelSpec spec)
    {
        var response = expected.GetProperty("response");
        Assert.Equal(response.ValueKind == JsonValueKind.Null ? null : response.GetString(), spec.Response?.Label);
        Assert.Equal(expected.GetProperty("intercept").GetInt32() == 1, spec.HasIntercept);
        Assert.Equal(Strings(expected.GetProperty("labels")), spec.FixedTerms.Select(t => t.Label).ToArray());
        Assert.Equal(Strings(expected.GetProperty("offsets")), spec.Offsets.Select(o => $"offset({o.Label})").ToArray());
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
