using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Tests.Syntax;

/// <summary>
/// A seeded generator of valid formula ASTs covering every construct of the language: the formula
/// operators + - * / : ^ %in%, unary + and -, names (syntactic, non-ASCII, and ones that need
/// backquotes), numbers in every notation, calls with positional and named arguments, I() with
/// full arithmetic, comparisons and logic, strings as arguments, random-effects terms with | and ||
/// and grouping by a/b and a:b, and the covariance specials us(), diag(), cs(), ar1().
/// It respects the rules the parser enforces: bars only outside other bars and outside the
/// response, arithmetic-only operators and strings only inside calls.
/// </summary>
internal sealed class FormulaGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private static readonly TextSpan S = default;

    private static readonly string[] Names =
    {
        "x", "y", "z", "g", "h", "Days", "Subject", "x1", "x.2", "a_b", ".x", "..y", ".", "...", "größe", "T",
        "a b", "1x", "_x", "if", "function", "Inf", "NaN", "x-y", "x+1", "TRUE", "NA", "NULL", "in", "for",
    };

    private static readonly string[] Functions =
    {
        "log", "exp", "sqrt", "abs", "scale", "factor", "offset", "poly", "ns", "relevel", "cbind", "my fun", "if", "TRUE",
    };

    private static readonly string[] ArgumentNames = { "degree", "raw", "base", "ref", "df", "b c", "if", "TRUE", "center" };

    private static readonly string[] Specials = { "us", "diag", "cs", "ar1" };

    private static readonly BinaryOperator[] FormulaOperators =
    {
        BinaryOperator.Plus, BinaryOperator.Minus, BinaryOperator.Times, BinaryOperator.Divide,
        BinaryOperator.Interaction, BinaryOperator.Power, BinaryOperator.In,
    };

    private static readonly BinaryOperator[] AllOperators = Enum.GetValues<BinaryOperator>();

    public FormulaSyntax NextFormula()
    {
        var response = _random.Next(5) == 0 ? null : Formula(depth: 2, bars: false);
        return new FormulaSyntax(response, Formula(depth: 5, bars: true), "", S);
    }

    /// <summary>An expression with formula operators; bar terms only when <paramref name="bars"/>.</summary>
    private Expression Formula(int depth, bool bars)
    {
        if (depth <= 0) return Leaf();
        switch (_random.Next(bars ? 12 : 9))
        {
            case 0: case 1: return Leaf();
            case 2: case 3: case 4:
                return new BinaryExpression(Pick(FormulaOperators), Formula(depth - 1, bars), Formula(depth - 1, bars), S);
            case 5: return new UnaryExpression(_random.Next(2) == 0 ? UnaryOperator.Minus : UnaryOperator.Plus, Formula(depth - 1, bars), S);
            case 6: return Call(depth - 1, bars);
            case 7: return Call("I", new Argument(null, Arithmetic(depth - 1, bars), S));
            case 8: return new BinaryExpression(BinaryOperator.Plus, Formula(depth - 1, bars), Formula(depth - 1, bars), S);
            case 9: case 10: return Bar(depth - 1);
            default: return Call(Pick(Specials), new Argument(null, Bar(depth - 1), S));
        }
    }

    private RandomTermExpression Bar(int depth) =>
        new(Formula(Math.Max(0, depth - 1), bars: false), Group(2), _random.Next(3) == 0, S);

    private Expression Group(int depth)
    {
        if (depth <= 0 || _random.Next(2) == 0) return Name();
        var op = _random.Next(2) == 0 ? BinaryOperator.Divide : BinaryOperator.Interaction;
        return new BinaryExpression(op, Group(depth - 1), Group(depth - 1), S);
    }

    /// <summary>Anything a call's argument may hold: every operator, logic, strings, nested calls.</summary>
    private Expression Arithmetic(int depth, bool bars)
    {
        if (depth <= 0) return _random.Next(6) == 0 ? Str() : Leaf();
        switch (_random.Next(8))
        {
            case 0: return Leaf();
            case 1: return Str();
            case 2: case 3: case 4:
                return new BinaryExpression(Pick(AllOperators), Arithmetic(depth - 1, bars), Arithmetic(depth - 1, bars), S);
            case 5: return new UnaryExpression(Pick(Enum.GetValues<UnaryOperator>()), Arithmetic(depth - 1, bars), S);
            case 6: return Call(depth - 1, bars);
            default: return bars && _random.Next(3) == 0 ? Bar(depth - 1) : Formula(depth - 1, bars);
        }
    }

    private CallExpression Call(int depth, bool bars)
    {
        var args = new Argument[_random.Next(4)];
        for (int i = 0; i < args.Length; i++)
            args[i] = new Argument(_random.Next(3) == 0 ? Pick(ArgumentNames) : null, Arithmetic(depth, bars), S);
        return Call(Pick(Functions), args);
    }

    private static CallExpression Call(string function, params Argument[] args) =>
        new(function, new SyntaxList<Argument>(args), S, S);

    private Expression Leaf() => _random.Next(3) == 0 ? Number() : Name();

    private NameExpression Name() => new(Pick(Names), S);

    private StringExpression Str() => new(Pick(new[] { "a", "b c", "quote\"d", "back\\slash", "tab\tnew\nline", "é", "" }), S);

    private NumberExpression Number()
    {
        switch (_random.Next(8))
        {
            case 0: return Num(_random.Next(3), null);
            case 1: return Num(_random.Next(100000), null);
            case 2: return Num(Math.Round(_random.NextDouble() * 100, _random.Next(1, 6)), null);
            case 3: return Num(Math.Pow(10, _random.Next(-320, 309)) * (1 + _random.Next(9)), null);
            case 4: return Num(_random.NextDouble() * Math.Pow(10, _random.Next(-10, 20)), null);
            case 5: { var v = (double)_random.Next(int.MaxValue); return Num(v, v.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L"); }
            case 6: return Num(_random.Next(2) == 0 ? double.PositiveInfinity : double.NaN, null);
            default: return Num(0.1 + 0.2, null);
        }
    }

    private static NumberExpression Num(double value, string? text) =>
        new(value, text ?? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), S);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
