using FormulaLmm.Syntax;

namespace FormulaLmm.Tests.Syntax;

public class SmokeTests
{
    [Fact]
    public void WhitespaceDoesNotChangeTheCanonicalForm()
    {
        Assert.Equal("y ~ x + (1 | g)", Formula.Canonical("y~x+(1|g)"));
        Assert.Equal("y ~ x + (1 | g)", Formula.Canonical("  y ~ x +  ( 1 |g )"));
    }
}
