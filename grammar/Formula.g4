// lme4-style model formulas.
//
// The grammar is deliberately permissive: it accepts R expressions with R's operator precedence
// (including a '~' or a '|' in places a formula does not allow) so that the AST builder, not
// ANTLR, decides what is wrong and can say so in a statistician's words with a precise span.
//
// Precedence, tightest first (R's ?Syntax): ^  unary-+-  :  %op%  * /  binary-+-  comparisons
// !  & &&  | ||  ~.  ANTLR gives earlier alternatives of a left-recursive rule higher precedence.
grammar Formula;

formula
    : expr EOF
    ;

expr
    : <assoc = right> expr op = CARET expr                         # powerExpr
    | op = (PLUS | MINUS) expr                                     # unaryExpr
    | expr op = COLON expr                                         # interactionExpr
    | expr op = SPECIAL expr                                       # specialExpr
    | expr op = (STAR | SLASH) expr                                # multiplicativeExpr
    | expr op = (PLUS | MINUS) expr                                # additiveExpr
    | expr op = (LT | GT | LE | GE | EQ | NE) expr                 # comparisonExpr
    | op = BANG expr                                               # notExpr
    | expr op = (AMP | AMPAMP) expr                                # andExpr
    | expr op = (BAR | BARBAR) expr                                # barExpr
    | expr op = TILDE expr                                         # formulaExpr
    | op = TILDE expr                                              # oneSidedFormulaExpr
    | primary                                                      # primaryExpr
    ;

primary
    : LPAREN expr RPAREN                                           # parenthesized
    | callee = name LPAREN argumentList? RPAREN                    # call
    | name                                                         # nameRef
    | NUMBER                                                       # number
    | STRING                                                       # string
    ;

argumentList
    : argument (COMMA argument)*
    ;

argument
    : (argName = name ASSIGN)? expr
    ;

name
    : IDENTIFIER
    | BACKQUOTED
    ;

TILDE    : '~' ;
BARBAR   : '||' ;
BAR      : '|' ;
AMPAMP   : '&&' ;
AMP      : '&' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
CARET    : '^' | '**' ;
// R's package prefix (stats::poly); never valid in a formula, lexed whole so it can be named.
NAMESPACE : ':::' | '::' ;
COLON    : ':' ;
LE       : '<=' ;
GE       : '>=' ;
EQ       : '==' ;
NE       : '!=' ;
LT       : '<' ;
GT       : '>' ;
BANG     : '!' ;
ASSIGN   : '=' ;
COMMA    : ',' ;
LPAREN   : '(' ;
RPAREN   : ')' ;

// Any R user operator; the AST builder accepts %in% anywhere and %% and %/% inside calls.
SPECIAL  : '%' ~[%\r\n]* '%' ;

// R's numeric constants: decimal with optional exponent, hexadecimal, each optionally with the
// integer suffix L.
NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT? 'L'?
    | '.' DIGITS EXPONENT? 'L'?
    | '0' [xX] HEXDIGIT+ 'L'?
    ;

// An exponent marker without digits (1e, 2.5e-): longer than the NUMBER prefix, so it wins and
// the token checks can name the malformed number instead of reporting a stray 'e'.
BAD_NUMBER
    : DIGITS ('.' DIGITS?)? [eE] [+-]?
    | '.' DIGITS [eE] [+-]?
    | '0' [xX]
    ;

// R's syntactic names: letters (any alphabet, as in a UTF-8 locale), digits, '.' and '_',
// starting with a letter, or with '.' not followed by a digit.
IDENTIFIER
    : LETTER NAMECHAR*
    | '.' ((LETTER | [._]) NAMECHAR*)?
    ;

BACKQUOTED : '`' ~[`\r\n]+ '`' ;

STRING
    : '"' ( '\\' . | ~["\\\r\n] )* '"'
    | '\'' ( '\\' . | ~['\\\r\n] )* '\''
    ;

WS : [ \t\r\n]+ -> channel(HIDDEN) ;

// As in R, '#' starts a comment that runs to the end of the line.
COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;

// Any other character becomes a token of its own so that the token checks can report it.
UNKNOWN : . ;

fragment DIGITS   : [0-9]+ ;
fragment HEXDIGIT : [0-9a-fA-F] ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
fragment LETTER   : [\p{L}] ;
fragment NAMECHAR : LETTER | [\p{M}] | [0-9._] ;
