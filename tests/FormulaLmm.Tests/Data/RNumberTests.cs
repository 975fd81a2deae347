using System.Text;
using FormulaLmm.Data;

namespace FormulaLmm.Tests.Data;

public class RNumberTests
{
    // Expected strings are R 4.2's as.character() of the same doubles.
    [Theory]
    [InlineData(1e5, "1e+05")]
    [InlineData(123456, "123456")]
    [InlineData(1e15, "1e+15")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "1e-04")]
    [InlineData(0.001, "0.001")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(100, "100")]
    [InlineData(1.0 / 3, "0.333333333333333")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012, "123456789012")]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(1234.5678, "1234.5678")]
    [InlineData(-1e-10, "-1e-10")]
    [InlineData(1e100, "1e+100")]
    [InlineData(1152921504606846976.0, "1152921504606846976")]
    [InlineData(100000.1, "100000.1")]
    [InlineData(3.14159265358979, "3.14159265358979")]
    [InlineData(1234567, "1234567")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(5e-324, "4.94065645841247e-324")]
    [InlineData(double.MaxValue, "1.79769313486232e+308")]
    [InlineData(123456.7, "123456.7")]
    [InlineData(0.0, "0")]
    [InlineData(double.PositiveInfinity, "Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void FormatMatchesRsAsCharacter(double value, string expected) => Assert.Equal(expected, RNumber.Format(value));

    // xUnit folds -0.0 into 0.0 as inline data, so negative zero gets its own test.
    [Fact]
    public void NegativeZeroPrintsAsZero() => Assert.Equal("0", RNumber.Format(-0.0));

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-0.5", -0.5)]
    [InlineData("+.5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("1e5", 1e5)]
    [InlineData("1E-3", 1e-3)]
    [InlineData("0x1A", 26)]
    [InlineData("-0XfF", -255)]
    [InlineData("0.1", 0.1)]
    [InlineData("12345678901234567890", 12345678901234567890.0)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    public void ParsesWhatRReadsAsNumbers(string text, double expected)
    {
        Assert.True(RNumber.TryParse(Encoding.UTF8.GetBytes(text), out var v));
        Assert.Equal(expected, v);
        Assert.True(RNumber.TryParse(text.AsSpan(), out var c));
        Assert.Equal(expected, c);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NA")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("1L")]
    [InlineData("1 2")]
    [InlineData("0x")]
    [InlineData("0xZZ")]
    [InlineData("-")]
    [InlineData("e5")]
    public void RejectsWhatRDoesNot(string text) => Assert.False(RNumber.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void NaNParses() => Assert.True(RNumber.TryParse("NaN"u8, out var v) && double.IsNaN(v));

    [Fact]
    public void LevelOrderSortsNumbersNumericallyOtherwiseAsR()
    {
        Assert.Equal(new[] { "-1", "1.5", "2", "10", "1e5" }, LevelOrder.Sort(new[] { "10", "2", "1e5", "1.5", "-1", "2" }));
        Assert.Equal(new[] { "10", "2", "a", "Z" }, LevelOrder.Sort(new[] { "a", "2", "Z", "10" }));
        // R 4.2, default locale (C.UTF-8, ICU root): sort(c("b","B","a","A","a1","A10","A2","_x","x y","x-z","xz","Z","10","9","é"))
        Assert.Equal(new[] { "_x", "10", "9", "a", "A", "a1", "A10", "A2", "b", "B", "é", "x y", "x-z", "xz", "Z" },
            LevelOrder.Sort(new[] { "b", "B", "a", "A", "a1", "A10", "A2", "_x", "x y", "x-z", "xz", "Z", "10", "9", "é" }));
    }

    [Fact]
    public void SuggestionsFindCloseNamesOnly()
    {
        Assert.Equal("sleepstudy", NameSuggestion.Closest("sleepstduy", new[] { "sleepstudy", "Dyestuff" }));
        Assert.Equal("Subject", NameSuggestion.Closest("subject", new[] { "Reaction", "Subject" }));
        Assert.Null(NameSuggestion.Closest("xyz", new[] { "Reaction", "Subject" }));
    }
}
