using FormulaLmm.Text;
using System.Globalization;
using System.Text;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax.Generated;

namespace FormulaLmm.Syntax;

/// <summary>
/// Builds the immutable AST from ANTLR's parse tree and enforces the rules the permissive grammar
/// leaves open: '~' only at the top, '|' only inside parentheses and only once per term,
/// comparisons, logic, %% and strings only inside calls, reserved words only in backquotes.
/// The caller has bounded the tree's depth, so the recursion here is safe.
/// </summary>
internal sealed class AstBuilder : FormulaBaseVisitor<Expression>
{
    private readonly string _text;
    private readonly List<Diagnostic> _diagnostics = new();
    private int _callDepth;
    private int _barDepth;
    private bool _sawNestedTilde;
    private bool _sawAssignment;

    public AstBuilder(string text) => _text = text;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>The formula from the root expression; look at <see cref="Diagnostics"/> before trusting it.</summary>
    public FormulaSyntax Build(FormulaParser.ExprContext root)
    {
        // R accepts a formula in parentheses, (y ~ x); the parentheses carry no meaning.
        var top = root;
        while (top is FormulaParser.PrimaryExprContext pe && pe.primary() is FormulaParser.ParenthesizedContext p) top = p.expr();

        Expression? response = null;
        Expression rhs;
        switch (top)
        {
            case FormulaParser.FormulaExprContext f:
                response = Visit(f.expr(0));
                rhs = Visit(f.expr(1));
                if (!_diagnostics.Any(d => d.IsError)) CheckResponse(response);
                break;
            case FormulaParser.OneSidedFormulaExprContext o:
                rhs = Visit(o.expr());
                break;
            default:
                rhs = Visit(root);
                if (!_sawNestedTilde && !_sawAssignment)
                    Error(SyntaxCodes.MissingTilde,
                        "a formula needs '~' between the response and the terms, e.g. y ~ x + (1 | g), or ~ x + (1 | g) without a response",
                        SpanOf(root));
                break;
        }
        return new FormulaSyntax(response, rhs, _text, TextSpan.FromBounds(0, _text.Length));
    }

    private void CheckResponse(Expression response)
    {
        var stack = new Stack<Expression>();
        stack.Push(response);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case RandomTermExpression r:
                    Error(SyntaxCodes.RandomTermInResponse,
                        "a random-effects term cannot be the response: put it on the right of '~', e.g. y ~ x + (1 | g)", r.Span);
                    return;
                case UnaryExpression u: stack.Push(u.Operand); break;
                case BinaryExpression b: stack.Push(b.Right); stack.Push(b.Left); break;
                case CallExpression c: foreach (var a in c.Arguments) stack.Push(a.Value); break;
            }
        }
    }

    private void Error(string code, string message, TextSpan span) => _diagnostics.Add(Diagnostic.Error(code, message, span));

    private static TextSpan SpanOf(ParserRuleContext ctx) =>
        TextSpan.FromBounds(ctx.Start.StartIndex, Math.Max(ctx.Start.StartIndex, ctx.Stop?.StopIndex + 1 ?? ctx.Start.StartIndex));

    private static TextSpan SpanOf(IToken t) => TokenChecks.Span(t);

    public override Expression VisitFormulaExpr(FormulaParser.FormulaExprContext context)
    {
        NestedTilde(context.op);
        Visit(context.expr(0));
        return Visit(context.expr(1));
    }

    public override Expression VisitOneSidedFormulaExpr(FormulaParser.OneSidedFormulaExprContext context)
    {
        NestedTilde(context.op);
        return Visit(context.expr());
    }

    private void NestedTilde(IToken op)
    {
        _sawNestedTilde = true;
        Error(SyntaxCodes.SyntaxError,
            "'~' belongs at the top level, between the response and the terms, not inside parentheses or a function call",
            SpanOf(op));
    }

    public override Expression VisitPowerExpr(FormulaParser.PowerExprContext c) => Binary(BinaryOperator.Power, c, c.expr(0), c.expr(1));
    public override Expression VisitInteractionExpr(FormulaParser.InteractionExprContext c) => Binary(BinaryOperator.Interaction, c, c.expr(0), c.expr(1));

    public override Expression VisitSpecialExpr(FormulaParser.SpecialExprContext c)
    {
        var op = BinaryOperator.In;
        switch (c.op.Text)
        {
            case "%in%":
                break;
            case "%%":
                op = BinaryOperator.Modulo;
                RequireInsideCall(c.op, c, "arithmetic");
                break;
            case "%/%":
                op = BinaryOperator.IntegerDivide;
                RequireInsideCall(c.op, c, "arithmetic");
                break;
            default:
                Error(SyntaxCodes.UnknownOperator,
                    $"unknown operator '{c.op.Text}': a formula knows %in% (nesting), and %% and %/% only inside I()",
                    SpanOf(c.op));
                break;
        }
        return Binary(op, c, c.expr(0), c.expr(1));
    }

    public override Expression VisitMultiplicativeExpr(FormulaParser.MultiplicativeExprContext c) =>
        Binary(c.op.Type == FormulaLexer.STAR ? BinaryOperator.Times : BinaryOperator.Divide, c, c.expr(0), c.expr(1));

    public override Expression VisitAdditiveExpr(FormulaParser.AdditiveExprContext c) =>
        Binary(c.op.Type == FormulaLexer.PLUS ? BinaryOperator.Plus : BinaryOperator.Minus, c, c.expr(0), c.expr(1));

    public override Expression VisitComparisonExpr(FormulaParser.ComparisonExprContext c)
    {
        var op = c.op.Type switch
        {
            FormulaLexer.LT => BinaryOperator.Less,
            FormulaLexer.GT => BinaryOperator.Greater,
            FormulaLexer.LE => BinaryOperator.LessOrEqual,
            FormulaLexer.GE => BinaryOperator.GreaterOrEqual,
            FormulaLexer.EQ => BinaryOperator.Equal,
            _ => BinaryOperator.NotEqual,
        };
        // 'y <- x' lexes as 'y < -x'.
        if (op == BinaryOperator.Less && _callDepth == 0 && c.expr(1) is FormulaParser.UnaryExprContext { op.Type: FormulaLexer.MINUS } u
            && u.op.StartIndex == c.op.StopIndex + 1)
        {
            _sawAssignment = true;
            Error(SyntaxCodes.SyntaxError,
                "'<-' is R's assignment, which a formula does not use: separate the response and the terms with '~'",
                TextSpan.FromBounds(c.op.StartIndex, u.op.StopIndex + 1));
        }
        else
            RequireInsideCall(c.op, c, "a comparison");
        return Binary(op, c, c.expr(0), c.expr(1));
    }

    public override Expression VisitAndExpr(FormulaParser.AndExprContext c)
    {
        if (c.op.Type == FormulaLexer.AMPAMP)
            Error(SyntaxCodes.SyntaxError, "'&&' is not supported in a formula: inside I() use '&', e.g. I(a > 0 & b > 0)", SpanOf(c.op));
        else
            RequireInsideCall(c.op, c, "a logical operator");
        return Binary(BinaryOperator.And, c, c.expr(0), c.expr(1));
    }

    public override Expression VisitNotExpr(FormulaParser.NotExprContext c)
    {
        RequireInsideCall(c.op, c, "a logical operator");
        return new UnaryExpression(UnaryOperator.Not, Visit(c.expr()), SpanOf(c));
    }

    private void RequireInsideCall(IToken op, ParserRuleContext expression, string kind)
    {
        if (_callDepth == 0)
            Error(SyntaxCodes.OperatorOutsideI,
                $"'{op.Text}' is {kind}, not formula syntax: wrap it in I(), e.g. I({Excerpt(expression)})", SpanOf(op));
    }

    public override Expression VisitUnaryExpr(FormulaParser.UnaryExprContext c) =>
        new UnaryExpression(c.op.Type == FormulaLexer.PLUS ? UnaryOperator.Plus : UnaryOperator.Minus, Visit(c.expr()), SpanOf(c));

    public override Expression VisitBarExpr(FormulaParser.BarExprContext c)
    {
        if (_barDepth == 0) CheckBar(c);
        _barDepth++;
        var effects = Visit(c.expr(0));
        var group = Visit(c.expr(1));
        _barDepth--;
        var span = c.Parent is FormulaParser.ParenthesizedContext p ? SpanOf(p) : SpanOf(c);
        return new RandomTermExpression(effects, group, c.op.Type == FormulaLexer.BARBAR, span);
    }

    // Checked once, at the outermost bar: its sides may hold no other bar, and it must be enclosed.
    private void CheckBar(FormulaParser.BarExprContext c)
    {
        if (FirstBar(c.expr(0)) is not null)
            Error(SyntaxCodes.NestedBar, NestedBarMessage(c.op), SpanOf(c.op));
        else if (FirstBar(c.expr(1)) is { } inner)
            Error(SyntaxCodes.NestedBar, NestedBarMessage(inner.op), SpanOf(inner.op));
        else if (c.Parent is not (FormulaParser.ParenthesizedContext or FormulaParser.ArgumentContext))
            Error(SyntaxCodes.BarOutsideParentheses,
                $"'{c.op.Text}' must be inside parentheses: write ({Excerpt(c.expr(0))} {c.op.Text} {Excerpt(c.expr(1))})", SpanOf(c.op));
    }

    private static string NestedBarMessage(IToken op) =>
        $"a random-effects term has exactly one '|' or '||': this '{op.Text}' is one too many; write separate terms, e.g. (1 | g) + (1 | h)";

    private static FormulaParser.BarExprContext? FirstBar(IParseTree tree)
    {
        var stack = new Stack<IParseTree>();
        stack.Push(tree);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is FormulaParser.BarExprContext bar) return bar;
            for (int i = node.ChildCount - 1; i >= 0; i--) stack.Push(node.GetChild(i));
        }
        return null;
    }

    /// <summary>The source text of a node, shortened for a message.</summary>
    private string Excerpt(ParserRuleContext ctx)
    {
        var s = SpanOf(ctx);
        var text = string.Join(' ', _text.Substring(s.Start, s.Length).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 40 ? text : text[..37] + "...";
    }

    public override Expression VisitPrimaryExpr(FormulaParser.PrimaryExprContext c) => Visit(c.primary());

    public override Expression VisitParenthesized(FormulaParser.ParenthesizedContext c) => Visit(c.expr());

    public override Expression VisitCall(FormulaParser.CallContext c)
    {
        CheckNotReserved(c.callee, "a function name");
        _callDepth++;
        var args = new List<Argument>();
        if (c.argumentList() is { } list)
        {
            foreach (var a in list.argument())
            {
                if (a.argName is not null) CheckNotReserved(a.argName, "an argument name");
                var value = Visit(a.expr());
                args.Add(new Argument(a.argName is null ? null : NameText(a.argName), value, SpanOf(a)));
            }
        }
        _callDepth--;
        return new CallExpression(NameText(c.callee), new SyntaxList<Argument>(args), SpanOf(c.callee), SpanOf(c));
    }

    private void CheckNotReserved(FormulaParser.NameContext name, string role)
    {
        if (name.IDENTIFIER() is { } id && FormulaPrinter.IsReservedWord(id.GetText()))
            Error(SyntaxCodes.ReservedWord,
                $"'{id.GetText()}' is a reserved word in R and cannot be {role}: write `{id.GetText()}` in backquotes if that is really the name",
                SpanOf(name));
    }

    public override Expression VisitNameRef(FormulaParser.NameRefContext c)
    {
        var span = SpanOf(c);
        if (c.name().IDENTIFIER() is { } id)
        {
            var word = id.GetText();
            // R's parser reads Inf and NaN as numeric constants, and TRUE, NA, ... as constants
            // that the printer leaves bare; the other reserved words are syntax.
            if (word == "Inf") return new NumberExpression(double.PositiveInfinity, word, span);
            if (word == "NaN") return new NumberExpression(double.NaN, word, span);
            if (FormulaPrinter.IsReservedWord(word) && !FormulaPrinter.IsConstantKeyword(word))
                Error(SyntaxCodes.ReservedWord,
                    $"'{word}' is a reserved word in R: write `{word}` in backquotes to use it as a variable name", span);
        }
        return new NameExpression(NameText(c.name()), span);
    }

    public override Expression VisitNumber(FormulaParser.NumberContext c)
    {
        var text = c.NUMBER().GetText();
        var span = SpanOf(c);
        var body = text.EndsWith('L') ? text[..^1] : text;
        double value = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ParseHex(body.AsSpan(2))
            : double.Parse(body, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (text.EndsWith('L') && !NumberExpression.IsIntegerLiteral(text, value))
            _diagnostics.Add(Diagnostic.Warning(SyntaxCodes.NonIntegerLiteral,
                value == Math.Floor(value)
                    ? $"{text} is too large for an R integer: it is read as the number {FormulaPrinter.FormatNumber(value)}"
                    : $"{text} is not a whole number: it is read as the number {FormulaPrinter.FormatNumber(value)}",
                span));
        return new NumberExpression(value, text, span);
    }

    private static double ParseHex(ReadOnlySpan<char> digits)
    {
        double value = 0;
        foreach (var d in digits) value = value * 16 + Convert.ToInt32(d.ToString(), 16);
        return value;
    }

    public override Expression VisitString(FormulaParser.StringContext c)
    {
        var span = SpanOf(c);
        if (_callDepth == 0)
            Error(SyntaxCodes.StringOutsideCall,
                $"a string such as {c.STRING().GetText()} can only be a function argument, e.g. relevel(f, ref = \"a\")", span);
        return new StringExpression(Unescape(c.STRING().GetText()), span);
    }

    /// <summary>R's escapes in a quoted string: \n \t \r \0 \xhh, and a backslash before anything else is dropped.</summary>
    private static string Unescape(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        for (int i = 1; i < raw.Length - 1; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length - 1) { sb.Append(raw[i]); continue; }
            char e = raw[++i];
            if (e == 'x')
            {
                int n = 0, value = 0;
                while (n < 2 && i + 1 < raw.Length - 1 && Uri.IsHexDigit(raw[i + 1])) { value = value * 16 + Convert.ToInt32(raw[++i].ToString(), 16); n++; }
                sb.Append(n > 0 ? (char)value : 'x');
                continue;
            }
            sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
        }
        return sb.ToString();
    }

    private static string NameText(FormulaParser.NameContext n)
    {
        var t = n.GetText();
        return n.BACKQUOTED() is not null ? t[1..^1] : t;
    }

    private Expression Binary(BinaryOperator op, ParserRuleContext c, FormulaParser.ExprContext left, FormulaParser.ExprContext right) =>
        new BinaryExpression(op, Visit(left), Visit(right), SpanOf(c));
}
