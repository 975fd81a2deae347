# An independent, dense implementation of the Gaussian (restricted) log-likelihood of
#   y = X beta + sum_t Z_t b_t + e,  b_t ~ N(0, I (x) D_t),  e ~ N(0, sigma^2 W C(phi) W)
# written from the model's definition, not from glmmTMB's or nlme's code. It serves two
# purposes in the fixtures:
#   1. evaluated at the reference's estimates it must reproduce the reference's logLik; this
#      shows that the fixture's reading of every parameter (transforms, time values, reference
#      level of het, ...) is the reference's;
#   2. maximised from the reference's estimates with tight tolerances it shows whether the
#      reference stopped at the optimum ("polished" values).
# Three evaluations of the same criterion: profiled_criterion (whitened per residual group, no
# n x n matrix: the algorithm of issue 13), profiled_criterion_dense (V formed n x n, a
# cross-check) and profiled_criterion_clusters (dense blocks per cluster, fast in R; polishing).
#
# Everything is relative to sigma (D_t = sigma^2 D0_t); sigma is profiled out:
#   ML:   -2 l = n log(2 pi s2) + log|V0| + n,                   s2 = r'V0^-1 r / n
#   REML: -2 l = (n-p) log(2 pi s2) + log|V0| + log|X'V0^-1 X| + (n-p),  s2 = r'V0^-1 r/(n-p)
# with r = y - X beta_hat (GLS). These are lme4's ML deviance and REML criterion.

# ---- random-effect structures: unconstrained parameters -> relative covariance D0 --------
# Transforms are glmmTMB 1.1.5's (glmmTMB.cpp, termwise_nll) except `us`, which uses lme4's
# relative Cholesky factor (the model is the same; only the coordinates differ).
# n_par() gives the number of parameters for k columns.
re_structures <- list(
  us = list(
    n_par = function(k) k * (k + 1) / 2,
    D0 = function(par, k) { L <- matrix(0, k, k); L[lower.tri(L, diag = TRUE)] <- par; tcrossprod(L) },
    start = function(D0) { L <- t(chol(D0)); L[lower.tri(L, diag = TRUE)] }),
  diag = list(
    n_par = function(k) k,
    D0 = function(par, k) diag(exp(2 * par), k),
    start = function(D0) 0.5 * log(diag(D0))),
  homdiag = list(
    n_par = function(k) 1,
    D0 = function(par, k) diag(exp(2 * par), k),
    start = function(D0) 0.5 * log(mean(diag(D0)))),
  cs = list(
    n_par = function(k) k + 1,
    D0 = function(par, k) {
      a <- 1 / (k - 1); rho <- plogis(par[k + 1]) * (1 + a) - a
      s <- exp(par[1:k]); C <- matrix(rho, k, k); diag(C) <- 1; outer(s, s) * C },
    start = function(D0) {
      k <- nrow(D0); s <- sqrt(diag(D0)); R <- D0 / outer(s, s); rho <- mean(R[lower.tri(R)])
      a <- 1 / (k - 1); c(log(s), qlogis((rho + a) / (1 + a))) }),
  homcs = list(
    n_par = function(k) 2,
    D0 = function(par, k) {
      a <- 1 / (k - 1); rho <- plogis(par[2]) * (1 + a) - a
      C <- matrix(rho, k, k); diag(C) <- 1; exp(2 * par[1]) * C },
    start = function(D0) {
      k <- nrow(D0); s <- sqrt(mean(diag(D0))); R <- cov2cor(D0); rho <- mean(R[lower.tri(R)])
      a <- 1 / (k - 1); c(log(s), qlogis((rho + a) / (1 + a))) }),
  ar1 = list(
    n_par = function(k) 2,
    D0 = function(par, k) { phi <- par[2] / sqrt(1 + par[2]^2); exp(2 * par[1]) * phi^abs(outer(1:k, 1:k, "-")) },
    start = function(D0) { phi <- cov2cor(D0)[2, 1]; c(0.5 * log(D0[1, 1]), phi / sqrt(1 - phi^2)) }),
  toep = list(
    n_par = function(k) 2 * k - 1,
    D0 = function(par, k) {
      s <- exp(par[1:k]); r <- par[(k + 1):(2 * k - 1)]; r <- r / sqrt(1 + r^2)
      C <- diag(k); lag <- abs(outer(1:k, 1:k, "-")); C[lag > 0] <- r[lag[lag > 0]]
      outer(s, s) * C },
    start = function(D0) {
      k <- nrow(D0); s <- sqrt(diag(D0)); R <- cov2cor(D0)
      r <- vapply(1:(k - 1), function(l) R[l + 1, 1], 0)
      c(log(s), r / sqrt(1 - r^2)) })
)

# ---- residual correlation and variance structures ----------------------------------------
# cor: list(type = "none" | "ar1" | "car1" | "cs", time = numeric (per row), group = factor)
#   ar1:  phi^|t - t'| on the time VALUES (nlme's corAR1, or corARMA(1,0) when there are gaps)
#   car1: phi^|t - t'|, phi in (0, 1), continuous t (nlme's corCAR1)
#   cs:   rho for every pair in the group, rho in (-1/(m-1), 1), m the largest group size
# het: list(factor = factor (per row), ref = level whose ratio is 1) or NULL
#   row SD = sigma * ratio[level], ratio[ref] = 1 (nlme's varIdent)
cor_par_to_value <- function(cor, u) switch(cor$type,
  ar1 = (exp(u) - 1) / (exp(u) + 1),
  car1 = plogis(u),
  cs = { m <- max(table(cor$group)); a <- 1 / (m - 1); plogis(u) * (1 + a) - a })
cor_value_to_par <- function(cor, v) switch(cor$type,
  ar1 = log((1 + v) / (1 - v)),
  car1 = qlogis(v),
  cs = { m <- max(table(cor$group)); a <- 1 / (m - 1); qlogis((v + a) / (1 + a)) })

residual_cov0 <- function(model, phi, log_ratio) {
  n <- length(model$y)
  cor <- model$cor
  C <- diag(n)
  if (!is.null(cor) && cor$type != "none") {
    same <- outer(as.integer(cor$group), as.integer(cor$group), "==")
    if (cor$type %in% c("ar1", "car1")) {
      lag <- abs(outer(cor$time, cor$time, "-"))
      C <- ifelse(same, phi^lag, 0)
    } else if (cor$type == "cs") {
      C <- ifelse(same, phi, 0); diag(C) <- 1
    }
  }
  if (!is.null(model$het)) {
    levs <- levels(model$het$factor)
    lr <- setNames(rep(0, length(levs)), levs)
    lr[setdiff(levs, model$het$ref)] <- log_ratio
    w <- exp(lr[as.character(model$het$factor)])
    C <- C * outer(w, w)
  }
  C
}

# model: list(y, X, re = list(list(M = n x k matrix, group = factor, structure = "us"...)),
#             cor = ..., het = ...)
# par: c(random-effect parameters term by term, correlation parameter (if any), log ratios (het))
split_par <- function(model, par) {
  out <- list(re = list(), cor = NULL, het = NULL); pos <- 0
  for (t in model$re) {
    k <- ncol(t$M); np <- re_structures[[t$structure]]$n_par(k)
    out$re[[length(out$re) + 1]] <- par[pos + seq_len(np)]; pos <- pos + np
  }
  if (!is.null(model$cor) && model$cor$type != "none") { out$cor <- par[pos + 1]; pos <- pos + 1 }
  if (!is.null(model$het)) {
    nh <- nlevels(model$het$factor) - 1; out$het <- par[pos + seq_len(nh)]; pos <- pos + nh
  }
  stopifnot(pos == length(par))
  out
}

marginal_cov0 <- function(model, par) {
  sp <- split_par(model, par)
  phi <- if (is.null(sp$cor)) NULL else cor_par_to_value(model$cor, sp$cor)
  V <- residual_cov0(model, phi, sp$het)
  for (i in seq_along(model$re)) {
    t <- model$re[[i]]
    D0 <- re_structures[[t$structure]]$D0(sp$re[[i]], ncol(t$M))
    same <- outer(as.integer(t$group), as.integer(t$group), "==")
    V <- V + same * (t$M %*% D0 %*% t(t$M))
  }
  V
}

# The criterion from the pieces below: -2 log-likelihood (ML) or REML criterion, sigma and beta
# profiled out. `S` is [X y]'V0^-1[X y], `logdetV0` is log|V0|.
criterion_from_pieces <- function(S, logdetV0, n, p, reml) {
  Sxx <- S[1:p, 1:p, drop = FALSE]
  ch <- chol(Sxx)
  beta <- backsolve(ch, forwardsolve(t(ch), S[1:p, p + 1]))
  r2 <- S[p + 1, p + 1] - sum(S[p + 1, 1:p] * beta)
  logdetXVX <- 2 * sum(log(diag(ch)))
  if (reml) {
    s2 <- r2 / (n - p)
    crit <- (n - p) * log(2 * pi * s2) + logdetV0 + logdetXVX + (n - p)
  } else {
    s2 <- r2 / n
    crit <- n * log(2 * pi * s2) + logdetV0 + n
  }
  list(criterion = crit, loglik = -crit / 2, sigma = sqrt(s2), beta = beta,
       vcov = s2 * chol2inv(ch), logdetV0 = logdetV0, logdetXV0X = logdetXVX, r2 = r2)
}

# Dense evaluation: V0 formed as an n x n matrix. Only used as a cross-check of the whitened one.
profiled_criterion_dense <- function(model, par, reml) {
  V <- marginal_cov0(model, par)
  R <- chol(V)
  W <- backsolve(R, cbind(model$X, model$y), transpose = TRUE)
  criterion_from_pieces(crossprod(W), 2 * sum(log(diag(R))), length(model$y), ncol(model$X), reml)
}

# A square-root factor F with F F' = D (lower Cholesky when D is positive definite, otherwise from
# the eigen decomposition so that singular D at a boundary still works).
sqrt_factor <- function(D) {
  tryCatch(t(chol(D)), error = function(e) {
    ev <- eigen(D, symmetric = TRUE)
    ev$vectors %*% diag(sqrt(pmax(ev$values, 0)), nrow(D))
  })
}

# Whitened evaluation, the way issue 13 wants the fit to work (no n x n matrix):
#   R0 = W C W is block diagonal by the residual group; with R0_g = L_g L_g' (Cholesky, one small
#   block per group) the whitened data are  y~ = L^-1 y, X~ = L^-1 X, Z~ = L^-1 Z, and
#   log|R0| = 2 sum log diag(L_g). Then, as in lme4 with R0 = I:
#     M = Lambda' Z~' Z~ Lambda + I,  log|V0| = log|R0| + log|M|,
#     [X y]' V0^-1 [X y] = P'P - (Lambda' Z~' P)' M^-1 (Lambda' Z~' P),  P = [X~ y~].
profiled_criterion <- function(model, par, reml, details = FALSE) {
  out <- tryCatch({
    sp <- split_par(model, par)
    phi <- if (is.null(sp$cor)) NULL else cor_par_to_value(model$cor, sp$cor)
    n <- length(model$y); p <- ncol(model$X)
    # residual blocks
    rg <- model$rgroup_index                 # list of row indices per residual group
    if (is.null(model$cor) || model$cor$type == "none") {
      # R0 diagonal: whitening is a row scaling
      w <- sqrt(diag(residual_cov0_rows(model, model$rorder, phi, sp$het)))
      Lr <- Matrix::Diagonal(x = w); logdetR <- 2 * sum(log(w))
    } else {
      blocks <- vector("list", length(rg)); logdetR <- 0
      for (i in seq_along(rg)) {
        C <- residual_cov0_rows(model, rg[[i]], phi, sp$het)
        Lg <- t(chol(C)); blocks[[i]] <- Lg; logdetR <- logdetR + 2 * sum(log(diag(Lg)))
      }
      Lr <- Matrix::bdiag(blocks)            # rows in model$rorder
    }
    P <- as.matrix(Matrix::solve(Lr, cbind(model$X, model$y)[model$rorder, , drop = FALSE]))
    S <- crossprod(P); logdetV <- logdetR
    if (length(model$re) > 0) {
      lam <- list()
      for (i in seq_along(model$re)) {
        t <- model$re[[i]]
        D0 <- re_structures[[t$structure]]$D0(sp$re[[i]], ncol(t$M))
        lam[[i]] <- Matrix::kronecker(Matrix::Diagonal(nlevels(t$group)), Matrix::Matrix(sqrt_factor(D0)))
      }
      Lambda <- Matrix::bdiag(lam)
      A <- Matrix::solve(Lr, model$Z[model$rorder, , drop = FALSE]) %*% Lambda
      M <- Matrix::crossprod(A) + Matrix::Diagonal(ncol(A))
      chM <- Matrix::Cholesky(Matrix::forceSymmetric(M), perm = TRUE, LDL = FALSE)
      B <- Matrix::crossprod(A, P)
      S <- S - as.matrix(Matrix::crossprod(B, Matrix::solve(chM, B)))
      logdetV <- logdetV + 2 * as.numeric(Matrix::determinant(chM, sqrt = TRUE)$modulus)
    }
    criterion_from_pieces(S, logdetV, n, p, reml)
  }, error = function(e) NULL)
  if (details) return(out)
  if (is.null(out) || !is.finite(out$criterion)) 1e100 else out$criterion
}

residual_cov0_rows <- function(model, rows, phi, log_ratio) {
  C <- diag(length(rows))
  cor <- model$cor
  if (!is.null(cor) && cor$type != "none" && length(rows) > 1) {
    if (cor$type %in% c("ar1", "car1")) C <- phi^abs(outer(cor$time[rows], cor$time[rows], "-"))
    else if (cor$type == "cs") { C[] <- phi; diag(C) <- 1 }
  }
  if (!is.null(model$het)) {
    levs <- levels(model$het$factor)
    lr <- setNames(rep(0, length(levs)), levs)
    lr[setdiff(levs, model$het$ref)] <- log_ratio
    w <- exp(lr[as.character(model$het$factor[rows])])
    C <- C * outer(w, w)
  }
  C
}

# Completes a model description: Z (sparse, all terms side by side, level-major columns), the
# residual groups and the row order that makes R0 block diagonal.
finish_model <- function(model) {
  n <- length(model$y)
  model$Z <- if (length(model$re)) do.call(cbind, lapply(model$re, function(t) Matrix::Matrix(term_Z(t$M, t$group), sparse = TRUE))) else NULL
  g <- if (!is.null(model$cor) && model$cor$type != "none") model$cor$group else factor(seq_len(n))
  g <- factor(g)
  model$rorder <- order(as.integer(g), seq_len(n))
  sizes <- as.vector(table(as.integer(g)[model$rorder]))
  ends <- cumsum(sizes)
  model$rgroup_index <- lapply(seq_along(sizes), function(i) model$rorder[(ends[i] - sizes[i] + 1):ends[i]])
  # residual_cov0_rows takes original row numbers; the solve works on reordered rows
  model
}

# Per-cluster evaluation for models whose random-effect groups and residual groups all nest in
# one `cluster` factor: V0 is block diagonal, one small dense block per cluster. Same numbers as
# the whitened evaluation (checked at the reference estimates), much faster in R; used to polish.
prepare_clusters <- function(model, cluster) {
  idx <- split(seq_along(model$y), factor(cluster))
  lapply(idx, function(rows) {
    list(rows = rows, Xy = cbind(model$X, model$y)[rows, , drop = FALSE],
         re = lapply(model$re, function(t) list(M = t$M[rows, , drop = FALSE],
                                                same = outer(as.integer(t$group[rows]), as.integer(t$group[rows]), "=="))))
  })
}

profiled_criterion_clusters <- function(model, clusters, par, reml) {
  out <- tryCatch({
    sp <- split_par(model, par)
    phi <- if (is.null(sp$cor)) NULL else cor_par_to_value(model$cor, sp$cor)
    D0 <- lapply(seq_along(model$re), function(i)
      re_structures[[model$re[[i]]$structure]]$D0(sp$re[[i]], ncol(model$re[[i]]$M)))
    p <- ncol(model$X); S <- matrix(0, p + 1, p + 1); logdet <- 0
    for (cl in clusters) {
      V <- residual_cov0_rows(model, cl$rows, phi, sp$het)
      if (!is.null(model$cor) && model$cor$type != "none") {
        # residual correlation only within the residual group
        g <- as.integer(model$cor$group[cl$rows]); V <- V * outer(g, g, "==")
      }
      for (i in seq_along(D0)) V <- V + cl$re[[i]]$same * (cl$re[[i]]$M %*% D0[[i]] %*% t(cl$re[[i]]$M))
      R <- chol(V)
      W <- backsolve(R, cl$Xy, transpose = TRUE)
      S <- S + crossprod(W); logdet <- logdet + 2 * sum(log(diag(R)))
    }
    criterion_from_pieces(S, logdet, length(model$y), p, reml)$criterion
  }, error = function(e) 1e100)
  if (is.finite(out)) out else 1e100
}

# Maximise from `start`: nlminb, a Nelder-Mead pass to leave any stationary point, nlminb again.
polish <- function(model, start, reml, cluster = NULL) {
  f <- if (is.null(cluster)) function(p) profiled_criterion(model, p, reml)
       else { cls <- prepare_clusters(model, cluster); function(p) profiled_criterion_clusters(model, cls, p, reml) }
  o <- nlminb(start, f, control = list(rel.tol = 1e-14, x.tol = 1e-12, eval.max = 3000, iter.max = 2000))
  o2 <- optim(o$par, f, method = "Nelder-Mead", control = list(reltol = 1e-14, maxit = 3000))
  o3 <- nlminb(o2$par, f, control = list(rel.tol = 1e-15, x.tol = 1e-13, eval.max = 3000, iter.max = 2000))
  best <- list(o, list(par = o2$par, objective = o2$value), o3)
  b <- best[[which.min(vapply(best, function(b) b$objective, 0))]]
  list(par = b$par, objective = b$objective, start_objective = f(start))
}

# Dense Z_t for one random-effects term (columns: level-major, then term column), as lme4.
term_Z <- function(M, group) {
  g <- as.integer(group); k <- ncol(M); L <- nlevels(group)
  Z <- matrix(0, nrow(M), L * k)
  for (j in seq_len(k)) Z[cbind(seq_len(nrow(M)), (g - 1) * k + j)] <- M[, j]
  Z
}
