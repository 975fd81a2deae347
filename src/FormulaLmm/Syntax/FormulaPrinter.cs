using System.Globalization;
using System.Text;

namespace FormulaLmm.Syntax;

/// <summary>
/// Prints an AST in canonical form. Spacing follows R's deparse (spaces around + - * ~ | %in% and
/// comparisons, none around / ^ :), so printed calls double as R's model-matrix column names;
/// parentheses appear exactly where precedence needs them, plus around every random-effects term.
/// </summary>
public static class FormulaPrinter
{
    public static string Print(FormulaSyntax formula)
    {
        var sb = new StringBuilder();
        if (formula.Response is not null)
        {
            Write(sb, formula.Response, Precedence.Tilde + 1);
            sb.Append(" ~ ");
        }
        else
        {
            sb.Append("~ ");
        }
        Write(sb, formula.RightHandSide, Precedence.Tilde);
        return sb.ToString();
    }

    public static string Print(Expression expression)
    {
        var sb = new StringBuilder();
        Write(sb, expression, Precedence.Lowest);
        return sb.ToString();
    }

    /// <summary>R's rule for a name that prints without backquotes.</summary>
    public static bool IsSyntacticName(string name)
    {
        if (name.Length == 0) return false;
        char c0 = name[0];
        if (!(char.IsAsciiLetter(c0) || c0 == '.')) return false;
        if (c0 == '.' && name.Length > 1 && char.IsAsciiDigit(name[1])) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_')) return false;
        return !ReservedWords.Contains(name);
    }

    private static readonly HashSet<string> ReservedWords = new()
    {
        "if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE", "NULL",
        "Inf", "NaN", "NA", "in",
    };

    /// <summary>Formats a number as R's deparse does (up to 15 significant digits, no trailing zeros).</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsPositiveInfinity(value)) return "Inf";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            if (Math.Abs(value) >= 1e5 && value % 10 == 0 && value.ToString("G15", CultureInfo.InvariantCulture) is var g && g.Contains('E'))
                return RExponent(g);
            return value.ToString("0", CultureInfo.InvariantCulture);
        }
        var s = value.ToString("G15", CultureInfo.InvariantCulture);
        return s.Contains('E') ? RExponent(s) : s;
    }

    private static string RExponent(string dotnet)
    {
        // .NET prints 1E-05; R prints 1e-05.
        int e = dotnet.IndexOf('E');
        var mantissa = dotnet[..e];
        var exp = int.Parse(dotnet[(e + 1)..], CultureInfo.InvariantCulture);
        return $"{mantissa}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
    }

    internal enum Precedence
    {
        Lowest = 0,
        Tilde = 1,
        Bar = 2,
        And = 3,
        Not = 4,
        Comparison = 5,
        Additive = 6,
        Multiplicative = 7,
        Special = 8,
        Interaction = 9,
        Unary = 10,
        Power = 11,
        Primary = 12,
    }

    internal static Precedence Of(BinaryOperator op) => op switch
    {
        BinaryOperator.Power => Precedence.Power,
        BinaryOperator.Interaction => Precedence.Interaction,
        BinaryOperator.In => Precedence.Special,
        BinaryOperator.Times or BinaryOperator.Divide => Precedence.Multiplicative,
        BinaryOperator.Plus or BinaryOperator.Minus => Precedence.Additive,
        BinaryOperator.And => Precedence.And,
        _ => Precedence.Comparison,
    };

    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Power => "^",
        BinaryOperator.Interaction => ":",
        BinaryOperator.In => "%in%",
        BinaryOperator.Times => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Plus => "+",
        BinaryOperator.Minus => "-",
        BinaryOperator.Less => "<",
        BinaryOperator.Greater => ">",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.And => "&",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static bool SpacedInR(BinaryOperator op) =>
        op is not (BinaryOperator.Power or BinaryOperator.Interaction or BinaryOperator.Divide);

    private static void Write(StringBuilder sb, Expression e, Precedence context)
    {
        switch (e)
        {
            case NameExpression n:
                if (n.NeedsBackquotes) sb.Append('`').Append(n.Name).Append('`');
                else sb.Append(n.Name);
                break;
            case NumberExpression num:
                sb.Append(FormatNumber(num.Value));
                break;
            case StringExpression s:
                sb.Append('"').Append(s.Value.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
                break;
            case UnaryExpression u:
            {
                var prec = u.Operator == UnaryOperator.Not ? Precedence.Not : Precedence.Unary;
                bool paren = prec < context;
                if (paren) sb.Append('(');
                sb.Append(u.Operator switch { UnaryOperator.Plus => "+", UnaryOperator.Minus => "-", _ => "!" });
                Write(sb, u.Operand, prec);
                if (paren) sb.Append(')');
                break;
            }
            case BinaryExpression b:
            {
                var prec = Of(b.Operator);
                bool paren = prec < context;
                if (paren) sb.Append('(');
                bool rightAssoc = b.Operator == BinaryOperator.Power;
                // Left-associative: an equal-precedence right operand needs parentheses; the
                // reverse for right-associative '^'.
                Write(sb, b.Left, rightAssoc ? prec + 1 : prec);
                var sym = Symbol(b.Operator);
                if (SpacedInR(b.Operator)) sb.Append(' ').Append(sym).Append(' ');
                else sb.Append(sym);
                Write(sb, b.Right, rightAssoc ? prec : prec + 1);
                if (paren) sb.Append(')');
                break;
            }
            case CallExpression c:
            {
                sb.Append(IsSyntacticName(c.Function) ? c.Function : $"`{c.Function}`").Append('(');
                for (int i = 0; i < c.Arguments.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    var a = c.Arguments[i];
                    if (a.Name is not null) sb.Append(IsSyntacticName(a.Name) ? a.Name : $"`{a.Name}`").Append(" = ");
                    // A bar term directly inside a call (us(1 | g)) needs no extra parentheses.
                    Write(sb, a.Value, a.Value is RandomTermExpression ? Precedence.Bar : Precedence.Lowest + 1);
                }
                sb.Append(')');
                break;
            }
            case RandomTermExpression r:
            {
                // A bar term prints in its own parentheses unless a call's parentheses already hold it.
                bool paren = context != Precedence.Bar;
                if (paren) sb.Append('(');
                Write(sb, r.Effects, Precedence.Bar + 1);
                sb.Append(r.Uncorrelated ? " || " : " | ");
                Write(sb, r.Group, Precedence.Bar + 1);
                if (paren) sb.Append(')');
                break;
            }
            default:
                throw new InvalidOperationException($"unknown node {e.GetType().Name}");
        }
    }
}
