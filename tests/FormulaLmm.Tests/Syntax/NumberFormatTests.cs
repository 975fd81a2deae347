using FormulaLmm.Syntax;

namespace FormulaLmm.Tests.Syntax;

/// <summary>
/// Numbers print as R 4.2's deparse prints them; the expected texts are R's output for the same
/// literal (tests/FormulaLmm.Tests/Syntax/r-deparse.R).
/// </summary>
public class NumberFormatTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "1")]
    [InlineData("2", "2")]
    [InlineData("10", "10")]
    [InlineData("100", "100")]
    [InlineData("1000", "1000")]
    [InlineData("10000", "10000")]
    [InlineData("100000", "1e+05")]
    [InlineData("1e5", "1e+05")]
    [InlineData("123456", "123456")]
    [InlineData("1234567", "1234567")]
    [InlineData("1e15", "1e+15")]
    [InlineData("1e16", "1e+16")]
    [InlineData("1e22", "1e+22")]
    [InlineData("0.1", "0.1")]
    [InlineData("0.5", "0.5")]
    [InlineData("0.25", "0.25")]
    [InlineData("0.123456789", "0.123456789")]
    [InlineData("0.0001", "1e-04")]
    [InlineData("0.00012345", "0.00012345")]
    [InlineData("0.001", "0.001")]
    [InlineData("1e-5", "1e-05")]
    [InlineData("1.5e-8", "1.5e-08")]
    [InlineData("3.14159265358979323", "3.14159265358979")]
    [InlineData("2.5", "2.5")]
    [InlineData("1e300", "1e+300")]
    [InlineData("1.5e300", "1.5e+300")]
    [InlineData("1e-300", "1e-300")]
    [InlineData("123456.7", "123456.7")]
    [InlineData("99999", "99999")]
    [InlineData("999999", "999999")]
    [InlineData("1e6", "1e+06")]
    [InlineData("1234567890123456789", "1234567890123456768")]
    [InlineData("123456789012345678", "123456789012345680")]
    [InlineData("0.30000000000000004", "0.3")]
    [InlineData("1.", "1")]
    [InlineData("5.", "5")]
    [InlineData("0.1e1", "1")]
    [InlineData("12345678.9", "12345678.9")]
    [InlineData("100000.5", "100000.5")]
    [InlineData("0x10", "16")]
    [InlineData("0xFF", "255")]
    [InlineData("1e3L", "1000L")]
    [InlineData("100L", "100L")]
    [InlineData("1L", "1L")]
    [InlineData("0L", "0L")]
    [InlineData("100000L", "100000L")]
    [InlineData("2147483647L", "2147483647L")]
    [InlineData("1e-4", "1e-04")]
    [InlineData("5e-324", "4.94065645841247e-324")]
    [InlineData("4.94e-324", "4.94065645841247e-324")]
    [InlineData("1e-310", "9.99999999999997e-311")]
    [InlineData("0.000012345", "1.2345e-05")]
    [InlineData("1234.5678", "1234.5678")]
    [InlineData("98765.4321", "98765.4321")]
    [InlineData("1e+05", "1e+05")]
    [InlineData("3.0", "3")]
    [InlineData("33.333333333333333", "33.3333333333333")]
    [InlineData("200000", "2e+05")]
    [InlineData("250000", "250000")]
    [InlineData("1e5+1", "100001")]
    [InlineData("1e100", "1e+100")]
    [InlineData("1e-100", "1e-100")]
    [InlineData("7e-05", "7e-05")]
    public void LiteralPrintsAsRDeparse(string literal, string deparsed)
    {
        // "1e5+1" is an R expression, not a literal: compare on its value.
        if (literal == "1e5+1")
        {
            Assert.Equal(deparsed, FormulaPrinter.FormatNumber(1e5 + 1));
            return;
        }
        var rhs = Formula.Parse("y ~ " + literal).RightHandSide;
        var number = Assert.IsType<NumberExpression>(rhs);
        Assert.Equal(deparsed, number.Canonical);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(-100000.0, "-1e+05")]
    public void SpecialValues(double value, string text) => Assert.Equal(text, FormulaPrinter.FormatNumber(value));

    [Theory]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(1e-310)]
    [InlineData(2.2250738585072014e-308)]
    public void ExtremeValuesStillRoundTrip(double value)
    {
        // R's 15 digits would round the largest double up to 1.79769313486232e+308, which reads
        // back as Inf, and may not identify a subnormal; FormulaLmm then prints 17 digits so
        // that the canonical form stays stable (the one place it departs from R's deparse).
        var text = FormulaPrinter.FormatNumber(value);
        var reparsed = Assert.IsType<NumberExpression>(Formula.Parse("y ~ " + text).RightHandSide);
        Assert.Equal(text, reparsed.Canonical);
        Assert.True(double.IsFinite(reparsed.Value));
    }
}
