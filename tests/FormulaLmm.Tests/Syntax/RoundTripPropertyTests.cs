using System.Text;
using Antlr4.Runtime;
using FormulaLmm.Syntax;
using FormulaLmm.Syntax.Generated;

namespace FormulaLmm.Tests.Syntax;

/// <summary>
/// parse(print(ast)) == ast over thousands of generated formulas, and the canonical form is
/// unchanged by any extra whitespace between tokens.
/// </summary>
public class RoundTripPropertyTests
{
    private const int Cases = 3000;

    [Fact]
    public void ParsingThePrintedFormulaGivesTheSameAst()
    {
        var generator = new FormulaGenerator(seed: 20261124);
        for (int i = 0; i < Cases; i++)
        {
            var ast = generator.NextFormula();
            var text = FormulaPrinter.Print(ast);
            var result = Formula.TryParse(text);
            Assert.True(result.Success, $"case {i}: {text}\n{string.Join("\n", result.Diagnostics)}");
            Assert.True(ast.Equals(result.Syntax), $"case {i}: {text} reparsed as {FormulaPrinter.Print(result.Syntax!)}");
            Assert.Equal(text, FormulaPrinter.Print(result.Syntax!));
        }
    }

    [Fact]
    public void WhitespaceBetweenTokensNeverChangesTheCanonicalForm()
    {
        var generator = new FormulaGenerator(seed: 7);
        var random = new Random(11);
        string[] gaps = { " ", "  ", "\t", "\n", " \r\n ", " # comment\n" };
        for (int i = 0; i < Cases / 3; i++)
        {
            var canonical = FormulaPrinter.Print(generator.NextFormula());
            var noisy = new StringBuilder();
            foreach (var token in Tokens(canonical))
            {
                if (random.Next(2) == 0) noisy.Append(gaps[random.Next(gaps.Length)]);
                noisy.Append(token);
            }
            Assert.Equal(canonical, Formula.Canonical(noisy.ToString()));
        }
    }

    [Fact]
    public void GeneratorCoversEveryConstruct()
    {
        // Guards the property tests against a generator that silently stopped producing a construct.
        var generator = new FormulaGenerator(seed: 20261124);
        var all = string.Join("\n", Enumerable.Range(0, Cases).Select(_ => FormulaPrinter.Print(generator.NextFormula())));
        foreach (var piece in new[] { " + ", " - ", " * ", "/", ":", "^", " %in% ", " | ", " || ", "us(", "diag(", "cs(", "ar1(",
                                      "I(", " = ", "`a b`", "größe", "L", "e+", "e-", "Inf", "NaN", " < ", " == ", " & ", "!", "%%", "%/%", "\"", "~" })
            Assert.Contains(piece, all);
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var lexer = new FormulaLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        for (var t = lexer.NextToken(); t.Type != TokenConstants.EOF; t = lexer.NextToken())
            if (t.Channel == TokenConstants.DefaultChannel) yield return t.Text;
    }
}
