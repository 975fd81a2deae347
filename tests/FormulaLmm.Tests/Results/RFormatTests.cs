using System.Globalization;
using System.Text.Json;
using FormulaLmm.Results;

namespace FormulaLmm.Tests.Results;

/// <summary>R's format(), round() and abbreviate() on generated inputs (Fixtures/summary/make-rformat.R).</summary>
public class RFormatTests
{
    private static readonly Lazy<JsonDocument> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "summary", "rformat.json"))));

    private static string[] Strings(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(v => v.GetString()!).ToArray() : new[] { e.GetString()! };

    private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Fact]
    public void FormatMatchesRsFormatOnEveryGeneratedVector()
    {
        int count = 0;
        foreach (var c in Reference.Value.RootElement.GetProperty("format").EnumerateArray())
        {
            var x = Strings(c.GetProperty("x")).Select(Parse).ToArray();
            int digits = c.GetProperty("digits").GetInt32(), nsmall = c.GetProperty("nsmall").GetInt32();
            var expected = Strings(c.GetProperty("format"));
            var actual = RFormat.Format(x, digits, nsmall);
            Assert.True(expected.SequenceEqual(actual),
                $"format(c({string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}), digits = {digits}, nsmall = {nsmall}): " +
                $"R [{string.Join("|", expected)}] ours [{string.Join("|", actual)}]");
            count++;
        }
        Assert.True(count > 500);
    }

    [Fact]
    public void RoundMatchesRsRound()
    {
        foreach (var c in Reference.Value.RootElement.GetProperty("round").EnumerateArray())
        {
            double x = Parse(c.GetProperty("x").GetString()!);
            int d = c.GetProperty("digits").GetInt32();
            double expected = Parse(c.GetProperty("round").GetString()!), actual = RFormat.Round(x, d);
            Assert.True(expected == actual, $"round({x:R}, {d}): R {expected:R}, ours {actual:R}");
        }
    }

    [Fact]
    public void RoundIsCorrectlyRoundedWithTiesToEven()
    {
        Assert.Equal(0.1, RFormat.Round(0.15, 1));     // 0.15 is 0.1499999...
        Assert.Equal(0.12, RFormat.Round(0.125, 2));   // exact tie: to even
        Assert.Equal(2.68, RFormat.Round(2.675, 2) + 0.01, 12);
        Assert.Equal(-0.0, RFormat.Round(-0.0004, 3));
    }

    [Fact]
    public void AbbreviateMatchesR()
    {
        foreach (var c in Reference.Value.RootElement.GetProperty("abbreviate").EnumerateArray())
        {
            var names = Strings(c.GetProperty("names"));
            int m = c.GetProperty("minlength").GetInt32();
            var expected = Strings(c.GetProperty("abbreviate"));
            Assert.Equal(expected, RAbbreviate.Abbreviate(names, m));
        }
        Assert.Equal("(Intr)", RAbbreviate.One("(Intercept)", 6));
    }

    [Fact]
    public void QuantilesAreRsType7()
    {
        // quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(0, .25, .5, .75, 1)) = 1, 1.75, 3.5, 5.25, 9
        Assert.Equal(new[] { 1, 1.75, 3.5, 5.25, 9 }, RFormat.FiveNumbers(new double[] { 3, 1, 4, 1, 5, 9, 2, 6 }));
    }

    [Fact]
    public void ZapSmallFollowsR42()
    {
        // zapsmall(c(-2.079234, -0.671403, 0.0629234, 0.5837712, 2.979592), 5) keeps 5 decimals in R 4.2.
        Assert.Equal(new[] { -2.07923, -0.6714, 0.06292, 0.58377, 2.97959 },
            RFormat.ZapSmall(new[] { -2.079234, -0.671403, 0.0629234, 0.5837712, 2.979592 }, 5));
    }
}
