using System.Diagnostics;
using System.Text;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;

namespace FormulaLmm.Tests.Syntax;

/// <summary>
/// Random and mutated strings: TryParse must never fail internally, every rejection must carry an
/// error with a span inside the text (or at its end), and every acceptance a stable canonical form.
/// </summary>
public class FuzzTests
{
    private const string Alphabet = "xyzg1 02.5eEL+-*/^:%in|&!=<>~()(),`'\"\\$[]{};#@?_\t\n\r\u00e9\u00a0\u2212\0";

    private static readonly string[] Seeds =
    {
        "y ~ x + (1 | g)", "Reaction ~ Days + (Days | Subject)", "y ~ a*b + I(x^2 + 1) + poly(x, degree = 2)",
        "y ~ (1 + x || g/h) + us(t | g) + diag(0 + t | g:h)", "log(y) ~ x %in% a - 1", "~ 0 + `a b` + 1e-5 + 2L",
        "y ~ f(\"a\", b = 'c') + offset(log(n))", "y ~ I(x > 2 & !z) + I(x %% 2)", "(y ~ x)",
    };

    [Fact]
    public void RandomStringsNeverBreakTheParser()
    {
        var random = new Random(424242);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 5000; i++)
        {
            var sb = new StringBuilder();
            int length = random.Next(0, 40);
            for (int k = 0; k < length; k++) sb.Append(Alphabet[random.Next(Alphabet.Length)]);
            Check(sb.ToString());
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"fuzzing took {clock.Elapsed}");
    }

    [Fact]
    public void MutatedFormulasNeverBreakTheParser()
    {
        var random = new Random(1729);
        var generator = new FormulaGenerator(seed: 99);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 5000; i++)
        {
            var text = i % 2 == 0 ? Seeds[random.Next(Seeds.Length)] : FormulaPrinter.Print(generator.NextFormula());
            int mutations = 1 + random.Next(3);
            for (int m = 0; m < mutations; m++) text = Mutate(text, random);
            if (Check(text)) accepted++; else rejected++;
        }
        // Both outcomes occur, so both branches of Check were exercised.
        Assert.True(accepted > 100 && rejected > 1000, $"accepted {accepted}, rejected {rejected}");
    }

    [Fact]
    public void PathologicalInputsAreDiagnosedNotFatal()
    {
        string[] inputs =
        {
            "y ~ " + new string('(', 5000) + "x" + new string(')', 5000),
            "y ~ " + new string('-', 50000) + "x",
            "y ~ " + new string('!', 50000) + "x",
            "y ~ " + string.Join("^", Enumerable.Repeat("x", 20000)),
            "y ~ " + string.Join("+", Enumerable.Range(0, 15000).Select(i => "x" + i)),
            "y ~ I(" + string.Join(" + ", Enumerable.Repeat("x", 5000)) + ")",
            "y ~ " + new string('x', 200000),
            "y ~ f(" + string.Join(",", Enumerable.Repeat("x", 30000)) + ")",
            new string('~', 10000),
            new string('(', 100000),
            "y ~ `" + new string('a', 99990),
        };
        foreach (var input in inputs) Check(input);
    }

    /// <summary>Checks the parser's contract on one input; true when the input was accepted.</summary>
    private static bool Check(string text)
    {
        ParseResult result;
        try
        {
            result = Formula.TryParse(text);
        }
        catch (Exception ex)
        {
            Assert.Fail($"TryParse threw on {Show(text)}: {ex}");
            throw;
        }
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.InternalParserError);
        foreach (var d in result.Diagnostics)
        {
            Assert.NotNull(d.Span);
            var span = d.Span!.Value;
            Assert.True(span.Start >= 0 && span.Length >= 0 && span.End <= text.Length, $"span {span} outside {Show(text)}: {d}");
        }
        if (!result.Success)
        {
            Assert.Null(result.Syntax);
            Assert.Contains(result.Diagnostics, d => d.IsError);
            return false;
        }
        var canonical = FormulaPrinter.Print(result.Syntax!);
        var again = Formula.TryParse(canonical);
        Assert.True(again.Success, $"canonical form of {Show(text)} does not parse: {canonical}");
        Assert.Equal(result.Syntax, again.Syntax);
        Assert.Equal(canonical, FormulaPrinter.Print(again.Syntax!));
        return true;
    }

    private static string Mutate(string text, Random random)
    {
        int at = text.Length == 0 ? 0 : random.Next(text.Length);
        char c = Alphabet[random.Next(Alphabet.Length)];
        switch (random.Next(6))
        {
            case 0: return text.Length == 0 ? text : text.Remove(at, 1);
            case 1: return text.Insert(at, c.ToString());
            case 2: return text.Length == 0 ? text : text.Remove(at, 1).Insert(at, c.ToString());
            case 3:
            {
                if (text.Length < 2) return text;
                int b = random.Next(text.Length);
                var chars = text.ToCharArray();
                (chars[at], chars[b]) = (chars[b], chars[at]);
                return new string(chars);
            }
            case 4: return text[..at];
            default:
            {
                int length = random.Next(0, Math.Min(8, text.Length - at) + 1);
                return text.Insert(random.Next(text.Length + 1), text.Substring(at, length));
            }
        }
    }

    private static string Show(string text) => text.Length <= 200 ? $"'{text}'" : $"'{text[..200]}...' ({text.Length} chars)";
}
