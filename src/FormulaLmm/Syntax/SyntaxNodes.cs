using FormulaLmm.Text;

namespace FormulaLmm.Syntax;

/// <summary>
/// Base of every AST node. Each node carries the span of the text it came from; equality is
/// structural and ignores spans, so that a formula and its canonical reprint compare equal.
/// </summary>
/// <param name="Span">Where the node's text is in the formula (0-based character offsets), for diagnostics.</param>
public abstract record SyntaxNode(TextSpan Span)
{
    /// <summary>Structural equality that ignores spans: nodes of the same kind whose fields (other than spans) are equal.</summary>
    public virtual bool Equals(SyntaxNode? other) =>
        other is not null && EqualityContract == other.EqualityContract;

    /// <summary>A hash consistent with the span-ignoring <see cref="Equals(SyntaxNode)"/>.</summary>
    public override int GetHashCode() => EqualityContract.GetHashCode();
}

/// <summary>
/// A whole formula: an optional response, '~', and the right-hand side (R's <c>formula</c> object,
/// before <c>terms()</c> expands it). Printing it (<see cref="ToString"/>) gives the canonical text.
/// </summary>
/// <param name="Response">The left-hand side (R's <c>formula[[2]]</c>), or null for a one-sided formula such as <c>~ x</c>.</param>
/// <param name="RightHandSide">Everything after '~', random-effects terms included (R's <c>formula[[3]]</c>).</param>
/// <param name="Text">The formula text exactly as parsed; every span in the tree indexes into it.</param>
/// <param name="Span">The whole text.</param>
public sealed record FormulaSyntax(Expression? Response, Expression RightHandSide, string Text, TextSpan Span)
    : SyntaxNode(Span)
{
    /// <summary>Equal when both sides are structurally equal; the text and spans are ignored, so <c>y~x</c> equals <c>y ~ x</c>.</summary>
    public bool Equals(FormulaSyntax? other) =>
        other is not null && Equals(Response, other.Response) && RightHandSide.Equals(other.RightHandSide);

    /// <summary>A hash consistent with <see cref="Equals(FormulaSyntax)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Response, RightHandSide);

    /// <summary>The canonical text, as R's <c>deparse(formula)</c> prints it (see <see cref="FormulaPrinter.Print(FormulaSyntax)"/>).</summary>
    public override string ToString() => FormulaPrinter.Print(this);
}

/// <summary>Any expression on either side of '~' or inside a call; prints as R's deparse would.</summary>
/// <param name="Span">Where the expression's text is in the formula.</param>
public abstract record Expression(TextSpan Span) : SyntaxNode(Span)
{
    /// <summary>The canonical text, as R deparses the expression (see <see cref="FormulaPrinter.Print(Expression)"/>).</summary>
    public override string ToString() => FormulaPrinter.Print(this);
}

/// <summary>
/// A variable name, as written or inside backquotes. R's constants TRUE, FALSE, NULL, NA and
/// NA_integer_/NA_real_/NA_character_/NA_complex_ are names too (see <see cref="IsRConstant"/>).
/// </summary>
/// <param name="Name">The name without backquotes, e.g. <c>body mass</c> for <c>`body mass`</c>.</param>
/// <param name="Span">Where the name is in the formula (backquotes included).</param>
public sealed record NameExpression(string Name, TextSpan Span) : Expression(Span)
{
    /// <summary>True when the name must be printed in backquotes (not syntactic in R, and not a constant).</summary>
    public bool NeedsBackquotes => !FormulaPrinter.IsSyntacticName(Name) && !IsRConstant;

    /// <summary>True for TRUE, FALSE, NULL, NA and the typed NA constants, which print bare.</summary>
    public bool IsRConstant => FormulaPrinter.IsConstantKeyword(Name);
}

/// <summary>
/// A numeric literal. <see cref="Text"/> is the literal as written (e.g. "1e5", "0x10", "2L").
/// Two numbers are equal when R's deparse prints them alike (15 significant digits, and the 'L'
/// of an integer), the same rule that makes them the same term label.
/// </summary>
/// <param name="Value">The literal's value (R's double; <c>Inf</c> and <c>NaN</c> included).</param>
/// <param name="Text">The literal exactly as written.</param>
/// <param name="Span">Where the literal is in the formula.</param>
public sealed record NumberExpression(double Value, string Text, TextSpan Span) : Expression(Span)
{
    /// <summary>True for an R integer literal: suffix L on a whole number within R's integer range.</summary>
    public bool IsInteger => IsIntegerLiteral(Text, Value);

    /// <summary>The number as R's deparse prints it: 1e+05, 0.1, 2L, Inf.</summary>
    public string Canonical => IsInteger
        ? ((long)Value).ToString(System.Globalization.CultureInfo.InvariantCulture) + "L"
        : FormulaPrinter.FormatNumber(Value);

    internal static bool IsIntegerLiteral(string text, double value) =>
        text.EndsWith('L') && value == Math.Floor(value) && Math.Abs(value) <= int.MaxValue;

    /// <summary>Equal when R's deparse prints both alike (<see cref="Canonical"/>): <c>1e5</c> equals <c>100000</c>, <c>2L</c> differs from <c>2</c>.</summary>
    public bool Equals(NumberExpression? other) => base.Equals(other) && Canonical == other!.Canonical;
    /// <summary>A hash consistent with <see cref="Equals(NumberExpression)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Canonical);
}

/// <summary>A string literal (only meaningful as a function argument, e.g. <c>relevel(f, ref = "a")</c>).</summary>
/// <param name="Value">The string's content, escapes resolved and quotes removed.</param>
/// <param name="Span">Where the literal is in the formula (quotes included).</param>
public sealed record StringExpression(string Value, TextSpan Span) : Expression(Span);

/// <summary>The prefix operators of R's formula language.</summary>
public enum UnaryOperator
{
    /// <summary>'+x': no effect on a term; arithmetic identity inside I().</summary>
    Plus,
    /// <summary>'-x': removes a term (<c>- 1</c> removes the intercept); negation inside I().</summary>
    Minus,
    /// <summary>'!x': logical not, only inside a call such as I().</summary>
    Not
}

/// <summary>Unary '+', '-' or '!'.</summary>
/// <param name="Operator">Which operator.</param>
/// <param name="Operand">The expression it applies to.</param>
/// <param name="Span">Where the operator and its operand are in the formula.</param>
public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand, TextSpan Span) : Expression(Span);

/// <summary>
/// The infix operators of R's formula language. In a formula they combine terms as R's
/// <c>terms()</c> does; inside a call such as <c>I()</c> they are arithmetic or comparisons.
/// </summary>
public enum BinaryOperator
{
    /// <summary>'^' : power (crossing to a degree in a formula, arithmetic inside I()).</summary>
    Power,
    /// <summary>':' : interaction.</summary>
    Interaction,
    /// <summary>'%in%' : nesting.</summary>
    In,
    /// <summary>'*' : crossing.</summary>
    Times,
    /// <summary>'/' : nesting.</summary>
    Divide,
    /// <summary>'+' : adds a term (addition inside I()).</summary>
    Plus,
    /// <summary>'-' : removes a term, e.g. <c>- 1</c> for no intercept (subtraction inside I()).</summary>
    Minus,
    /// <summary>'&lt;' : comparison, only inside a call such as I().</summary>
    Less,
    /// <summary>'&gt;' : comparison, only inside a call such as I().</summary>
    Greater,
    /// <summary>'&lt;=' : comparison, only inside a call such as I().</summary>
    LessOrEqual,
    /// <summary>'&gt;=' : comparison, only inside a call such as I().</summary>
    GreaterOrEqual,
    /// <summary>'==' : comparison, only inside a call such as I().</summary>
    Equal,
    /// <summary>'!=' : comparison, only inside a call such as I().</summary>
    NotEqual,
    /// <summary>'&amp;' : element-wise logical and, only inside a call such as I().</summary>
    And,
    /// <summary>'%%' : remainder (arithmetic, only inside a call such as I()).</summary>
    Modulo,
    /// <summary>'%/%' : integer division (arithmetic, only inside a call such as I()).</summary>
    IntegerDivide,
}

/// <summary>A binary operator application, e.g. <c>a + b</c>, <c>a:b</c>, <c>x^2</c> inside I().</summary>
/// <param name="Operator">Which operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
/// <param name="Span">Where the whole application is in the formula.</param>
public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right, TextSpan Span)
    : Expression(Span);

/// <summary>A named or positional argument of a call.</summary>
/// <param name="Name">The argument's name (<c>ref</c> in <c>relevel(f, ref = "a")</c>), or null when positional.</param>
/// <param name="Value">The argument's value.</param>
/// <param name="Span">Where the argument (name included) is in the formula.</param>
public sealed record Argument(string? Name, Expression Value, TextSpan Span) : SyntaxNode(Span);

/// <summary>A function call such as log(x), I(x^2), poly(x, 2) or us(1 + t | g).</summary>
/// <param name="Function">The function's name as written (without backquotes).</param>
/// <param name="Arguments">The arguments in the order written.</param>
/// <param name="FunctionSpan">Where the function's name is in the formula.</param>
/// <param name="Span">Where the whole call is in the formula.</param>
public sealed record CallExpression(string Function, SyntaxList<Argument> Arguments, TextSpan FunctionSpan, TextSpan Span)
    : Expression(Span)
{
    // FunctionSpan is a span too: equality ignores it like every other span.
    /// <summary>Equal when the function names and the arguments (names and values) are equal; spans are ignored.</summary>
    public bool Equals(CallExpression? other) =>
        base.Equals(other) && Function == other!.Function && Arguments.Equals(other.Arguments);

    /// <summary>A hash consistent with <see cref="Equals(CallExpression)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Function, Arguments);
}

/// <summary>
/// A random-effects term '(lhs | group)', or '(lhs || group)' when <see cref="Uncorrelated"/>.
/// Only valid inside parentheses (or as the argument of a covariance special).
/// </summary>
/// <param name="Effects">The left of the bar: the random effects' model terms, e.g. <c>1 + Days</c>.</param>
/// <param name="Group">The right of the bar: the grouping factor, e.g. <c>Subject</c>, <c>a:b</c> or <c>a/b</c>.</param>
/// <param name="Uncorrelated">True for lme4's double bar '||' (independent effects), false for '|'.</param>
/// <param name="Span">Where the term is in the formula, its enclosing parentheses included.</param>
public sealed record RandomTermExpression(Expression Effects, Expression Group, bool Uncorrelated, TextSpan Span)
    : Expression(Span);
