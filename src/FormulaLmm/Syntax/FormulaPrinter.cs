using System.Globalization;
using System.Text;

namespace FormulaLmm.Syntax;

/// <summary>
/// Prints an AST in canonical form, the way R's deparse prints a formula: spaces around
/// + - * ~ | %in% and comparisons, none around / ^ : %% %/%, numbers to 15 significant digits, names in
/// backquotes only when R needs them. Parentheses appear exactly where precedence needs them, plus
/// around every random-effects term, so that parsing the printed text gives back an equal AST and
/// printed calls double as R's model-matrix column names.
/// </summary>
public static class FormulaPrinter
{
    /// <summary>
    /// The formula's canonical text, as R's <c>deparse(formula)</c> prints it, e.g.
    /// <c>Reaction ~ Days + (Days | Subject)</c>; <c>~x</c> for a one-sided formula.
    /// </summary>
    /// <param name="formula">A parsed formula.</param>
    /// <returns>Text that parses back to an equal AST.</returns>
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
            // R deparses a one-sided formula like a unary operator: ~x + z.
            sb.Append('~');
        }
        Write(sb, formula.RightHandSide, Precedence.Tilde);
        return sb.ToString();
    }

    /// <summary>
    /// An expression's canonical text, as R deparses it; for a variable this is R's term label and
    /// the stem of its <c>model.matrix</c> column names, e.g. <c>log(x)</c>, <c>I(x^2)</c>.
    /// </summary>
    /// <param name="expression">Any expression of a parsed formula.</param>
    /// <returns>The canonical text, without surrounding parentheses unless it is a random-effects term.</returns>
    public static string Print(Expression expression)
    {
        var sb = new StringBuilder();
        Write(sb, expression, Precedence.Lowest);
        return sb.ToString();
    }

    /// <summary>R's rule for a name that prints without backquotes (reserved words are not syntactic).</summary>
    public static bool IsSyntacticName(string name)
    {
        if (name.Length == 0) return false;
        char c0 = name[0];
        if (!(char.IsLetter(c0) || c0 == '.')) return false;
        if (c0 == '.' && name.Length > 1 && char.IsAsciiDigit(name[1])) return false;
        foreach (var c in name)
            if (!(char.IsLetter(c) || char.IsAsciiDigit(c) || c == '.' || c == '_' || IsMark(c))) return false;
        return !IsReservedWord(name);
    }

    private static bool IsMark(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>R's reserved words: they are names only inside backquotes.</summary>
    public static bool IsReservedWord(string name) => ReservedWords.Contains(name);

    /// <summary>The reserved words that R's parser reads as constants rather than as syntax.</summary>
    public static bool IsConstantKeyword(string name) => ConstantKeywords.Contains(name);

    private static readonly HashSet<string> ConstantKeywords = new(StringComparer.Ordinal)
    {
        "TRUE", "FALSE", "NULL", "NA", "NA_integer_", "NA_real_", "NA_character_", "NA_complex_",
    };

    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "if", "else", "repeat", "while", "function", "for", "next", "break", "in",
        "TRUE", "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "NA_complex_",
    };

    /// <summary>
    /// Formats a number as R's deparse does: 15 significant digits, and fixed notation unless
    /// scientific notation is shorter (100000 prints as 1e+05, 123456 as 123456, 0.0001 as 1e-04).
    /// </summary>
    public static string FormatNumber(double value)
    {
        var r = FormatNumber(value, 15);
        // Fifteen digits identify every normal double, but not a subnormal one, and rounding
        // the largest doubles up overflows to Inf; those print with 17 digits so that parsing
        // the canonical text gives the same number back.
        if (!double.IsFinite(value)) return r;
        var reread = double.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(reread) && FormatNumber(reread, 15) == r ? r : FormatNumber(value, 17);
    }

    private static string FormatNumber(double value, int digitsWanted)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "Inf" : "-Inf";
        if (value == 0) return "0";
        double a = Math.Abs(value);
        string sign = value < 0 ? "-" : "";

        // Round to the wanted significant digits; the digits that remain decide both widths.
        string e = a.ToString("E" + (digitsWanted - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int ePos = e.IndexOf('E');
        string digits = (e[0] + e[2..ePos]).TrimEnd('0');
        int exponent = int.Parse(e[(ePos + 1)..], CultureInfo.InvariantCulture);
        int significant = Math.Max(1, digits.Length);

        int decimals = Math.Max(0, significant - exponent - 1);
        int fixedWidth = (exponent >= 0 ? exponent + 1 : 1) + (decimals > 0 ? decimals + 1 : 0);
        int scientificWidth = (significant > 1 ? significant + 1 : 1) + (Math.Abs(exponent) >= 100 ? 5 : 4);

        if (fixedWidth <= scientificWidth)
            return sign + a.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var mantissa = significant > 1 ? digits[0] + "." + digits[1..] : digits[..1];
        return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
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
        BinaryOperator.In or BinaryOperator.Modulo or BinaryOperator.IntegerDivide => Precedence.Special,
        BinaryOperator.Times or BinaryOperator.Divide => Precedence.Multiplicative,
        BinaryOperator.Plus or BinaryOperator.Minus => Precedence.Additive,
        BinaryOperator.And => Precedence.And,
        _ => Precedence.Comparison,
    };

    /// <summary>The operator as written in R, e.g. <c>":"</c>, <c>"%in%"</c>, <c>"&lt;="</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="op"/> is not a defined operator.</exception>
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
        BinaryOperator.Modulo => "%%",
        BinaryOperator.IntegerDivide => "%/%",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>The operator as written in R: <c>"+"</c>, <c>"-"</c> or <c>"!"</c>.</summary>
    public static string Symbol(UnaryOperator op) => op switch
    {
        UnaryOperator.Plus => "+",
        UnaryOperator.Minus => "-",
        _ => "!",
    };

    // R's deparse writes / ^ : %% %/% tight and every other binary operator (%in% too) spaced.
    private static bool SpacedInR(BinaryOperator op) =>
        op is not (BinaryOperator.Power or BinaryOperator.Interaction or BinaryOperator.Divide
            or BinaryOperator.Modulo or BinaryOperator.IntegerDivide);

    /// <summary>A name as R prints it: bare when syntactic (or a constant such as TRUE), else in backquotes.</summary>
    public static string FormatName(string name) =>
        IsSyntacticName(name) || IsConstantKeyword(name) ? name : "`" + name + "`";

    /// <summary>A string literal in double quotes with R's escapes.</summary>
    public static string FormatString(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static void Write(StringBuilder sb, Expression e, Precedence context)
    {
        switch (e)
        {
            case NameExpression n:
                sb.Append(FormatName(n.Name));
                break;
            case NumberExpression num:
                sb.Append(num.Canonical);
                break;
            case StringExpression s:
                sb.Append(FormatString(s.Value));
                break;
            case UnaryExpression u:
            {
                var prec = u.Operator == UnaryOperator.Not ? Precedence.Not : Precedence.Unary;
                bool paren = prec < context;
                if (paren) sb.Append('(');
                sb.Append(Symbol(u.Operator));
                Write(sb, u.Operand, prec);
                if (paren) sb.Append(')');
                break;
            }
            case BinaryExpression b:
                WriteBinary(sb, b, context);
                break;
            case CallExpression c:
            {
                sb.Append(FormatCallee(c.Function)).Append('(');
                for (int i = 0; i < c.Arguments.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    var a = c.Arguments[i];
                    if (a.Name is not null) sb.Append(FormatCallee(a.Name)).Append(" = ");
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

    private static void WriteBinary(StringBuilder sb, BinaryExpression b, Precedence context)
    {
        var prec = Of(b.Operator);
        bool paren = prec < context;
        if (paren) sb.Append('(');
        if (b.Operator == BinaryOperator.Power)
        {
            // Right-associative: the left operand needs parentheses at equal precedence.
            Write(sb, b.Left, prec + 1);
            sb.Append('^');
            WriteRight(sb, b.Right, prec);
        }
        else
        {
            // A left-associative chain (a + b - c + ...) nests down its left side; walking that
            // spine in a loop keeps long sums off the stack. An equal-precedence left operand
            // needs no parentheses, an equal-precedence right operand does.
            var spine = new Stack<BinaryExpression>();
            Expression left = b;
            while (left is BinaryExpression lb && lb.Operator != BinaryOperator.Power && Of(lb.Operator) == prec)
            {
                spine.Push(lb);
                left = lb.Left;
            }
            Write(sb, left, prec);
            while (spine.Count > 0)
            {
                var node = spine.Pop();
                var sym = Symbol(node.Operator);
                if (SpacedInR(node.Operator)) sb.Append(' ').Append(sym).Append(' ');
                else sb.Append(sym);
                WriteRight(sb, node.Right, prec + 1);
            }
        }
        if (paren) sb.Append(')');
    }

    // A unary +/- never needs parentheses as a right operand: the parser reads an operator in
    // operand position as prefix, and its operand stops before every operator except '^'
    // (R prints a^-1 and a:-b the same way).
    private static void WriteRight(StringBuilder sb, Expression right, Precedence context) =>
        Write(sb, right, right is UnaryExpression { Operator: not UnaryOperator.Not } ? Precedence.Lowest : context);

    // Function and argument names: constants such as TRUE are not valid there, so every
    // reserved word is backquoted.
    private static string FormatCallee(string name) => IsSyntacticName(name) ? name : "`" + name + "`";
}
