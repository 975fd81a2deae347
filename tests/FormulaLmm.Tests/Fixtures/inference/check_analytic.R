# Checks the closed forms of docs/inference-algorithms.md against lmerTest and pbkrtest, with
# dense n×n matrices (small models only). Not a fixture generator: it prints, for each model,
# the largest relative differences between
#   - lmerTest's numerical A = 2 H^+ (Hessian of the deviance in (theta, sigma)) and the exact
#     Hessian J' H_phi J + sum_k dD/dphi_k * d2phi_k, H_phi = 2 (-I_E + y'P V_j P V_k P y);
#   - lmerTest's numerical Jacobian of vcov(beta) and the exact one;
#   - lmerTest's Satterthwaite df and the df from the exact pieces;
#   - pbkrtest's vcovAdj and Phi + 2 Phi U Phi built from W = I_E^-1 (REML only).
# Usage (from this folder, after run_all.R wrote the simulated CSVs): Rscript check_analytic.R
invisible(Sys.setlocale("LC_COLLATE", "C"))
source("inference_helpers.R")
source("cases.R")

analytic <- function(m) {
  reml <- isREML(m)
  X <- as.matrix(getME(m, "X")); y <- getME(m, "y"); n <- nrow(X); p <- ncol(X)
  Zt <- getME(m, "Zt"); Gp <- getME(m, "Gp"); cnms <- getME(m, "cnms")
  theta <- getME(m, "theta"); s <- sigma(m)
  # per term: k, rows of Zt, lambda template
  terms <- list(); off <- 0
  for (t in seq_along(cnms)) {
    k <- length(cnms[[t]]); nth <- k * (k + 1) / 2
    lam <- matrix(0, k, k); lam[lower.tri(lam, diag = TRUE)] <- theta[off + seq_len(nth)]
    terms[[t]] <- list(k = k, rows = (Gp[t] + 1):Gp[t + 1], lam = lam, th = off + seq_len(nth))
    off <- off + nth
  }
  # phi = per term the lower triangle (column-wise) of D_t = s^2 lam lam', then s^2
  Vk <- list(); phi_of <- list()
  for (t in seq_along(terms)) {
    tr <- terms[[t]]; k <- tr$k; Zt_t <- as.matrix(Zt[tr$rows, , drop = FALSE])
    nl <- length(tr$rows) / k
    idx <- which(lower.tri(diag(k), diag = TRUE), arr.ind = TRUE)
    idx <- idx[order(idx[, 2], idx[, 1]), , drop = FALSE]
    for (r in seq_len(nrow(idx))) {
      a <- idx[r, 1]; b <- idx[r, 2]
      E <- matrix(0, k, k); E[a, b] <- 1; E[b, a] <- 1
      Vk[[length(Vk) + 1]] <- t(Zt_t) %*% kronecker(diag(nl), E) %*% Zt_t
      phi_of[[length(phi_of) + 1]] <- list(term = t, a = a, b = b)
    }
  }
  Vk[[length(Vk) + 1]] <- diag(n)
  phi_of[[length(phi_of) + 1]] <- list(term = 0)
  m_phi <- length(Vk)
  # V at the estimates
  V <- s^2 * diag(n)
  for (j in seq_len(m_phi - 1)) {
    po <- phi_of[[j]]; lam <- terms[[po$term]]$lam
    V <- V + s^2 * (lam %*% t(lam))[po$a, po$b] * Vk[[j]]
  }
  Vi <- solve(V)
  Phi <- solve(t(X) %*% Vi %*% X)
  P <- Vi - Vi %*% X %*% Phi %*% t(X) %*% Vi
  Pi <- if (reml) P else Vi
  Py <- drop(P %*% y)
  IE <- matrix(0, m_phi, m_phi); quad <- matrix(0, m_phi, m_phi); grad <- numeric(m_phi)
  PiV <- lapply(Vk, function(A) Pi %*% A)
  VPy <- lapply(Vk, function(A) drop(A %*% Py))
  for (j in seq_len(m_phi)) {
    grad[j] <- sum(diag(PiV[[j]])) - sum(Py * VPy[[j]])
    for (k in j:m_phi) {
      IE[j, k] <- IE[k, j] <- 0.5 * sum(PiV[[j]] * t(PiV[[k]]))
      quad[j, k] <- quad[k, j] <- sum(VPy[[j]] * drop(P %*% VPy[[k]]))
    }
  }
  H_phi <- 2 * (-IE + quad)
  # phi as a function of (theta, sigma): Jacobian J and second derivatives
  nv <- length(theta) + 1
  J <- matrix(0, m_phi, nv); d2 <- array(0, c(m_phi, nv, nv))
  for (j in seq_len(m_phi)) {
    po <- phi_of[[j]]
    if (po$term == 0) { J[j, nv] <- 2 * s; d2[j, nv, nv] <- 2; next }
    tr <- terms[[po$term]]; k <- tr$k; lam <- tr$lam
    pos <- which(lower.tri(diag(k), diag = TRUE), arr.ind = TRUE)
    pos <- pos[order(pos[, 2], pos[, 1]), , drop = FALSE]
    Ei <- lapply(seq_len(nrow(pos)), function(r) { E <- matrix(0, k, k); E[pos[r, 1], pos[r, 2]] <- 1; E })
    for (i in seq_along(Ei)) {
      dLL <- Ei[[i]] %*% t(lam) + lam %*% t(Ei[[i]])
      J[j, tr$th[i]] <- s^2 * dLL[po$a, po$b]
      d2[j, tr$th[i], nv] <- d2[j, nv, tr$th[i]] <- 2 * s * dLL[po$a, po$b]
      for (i2 in seq_along(Ei)) {
        dd <- Ei[[i]] %*% t(Ei[[i2]]) + Ei[[i2]] %*% t(Ei[[i]])
        d2[j, tr$th[i], tr$th[i2]] <- s^2 * dd[po$a, po$b]
      }
    }
    J[j, nv] <- 2 * s * (lam %*% t(lam))[po$a, po$b]
    d2[j, nv, nv] <- 2 * (lam %*% t(lam))[po$a, po$b]
  }
  H <- t(J) %*% H_phi %*% J
  for (j in seq_len(m_phi)) H <- H + grad[j] * d2[j, , ]
  eh <- eigen(H, symmetric = TRUE); pos <- eh$values > 1e-8
  A <- eh$vectors[, pos, drop = FALSE] %*% diag(2 / eh$values[pos], sum(pos)) %*% t(eh$vectors[, pos, drop = FALSE])
  # Jacobian of Phi (= vcov(beta)) in (theta, sigma)
  dPhi_phi <- lapply(Vk, function(A) Phi %*% t(X) %*% Vi %*% A %*% Vi %*% X %*% Phi)
  Jac <- lapply(seq_len(nv), function(i) Reduce(`+`, lapply(seq_len(m_phi), function(j) J[j, i] * dPhi_phi[[j]])))
  df <- vapply(seq_len(p), function(c) {
    v <- Phi[c, c]; g <- vapply(Jac, function(M) M[c, c], numeric(1))
    2 * v^2 / drop(t(g) %*% A %*% g)
  }, numeric(1))
  kr <- NULL
  if (reml) {
    W <- solve(IE)
    Pm <- lapply(Vk, function(A) -t(X) %*% Vi %*% A %*% Vi %*% X)
    U <- matrix(0, p, p)
    for (i in seq_len(m_phi)) for (j in seq_len(m_phi)) {
      Qij <- t(X) %*% Vi %*% Vk[[i]] %*% Vi %*% Vk[[j]] %*% Vi %*% X
      U <- U + W[i, j] * (Qij - Pm[[i]] %*% Phi %*% Pm[[j]])
    }
    kr <- Phi + 2 * Phi %*% U %*% Phi
  }
  list(A = A, Jac = Jac, df = df, vcov_adj = kr, Phi = Phi)
}

rel <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))
relmat <- function(a, b) max(abs(a - b)) / max(abs(b))

ids <- c("sleepstudy_slope_reml", "sleepstudy_slope_ml", "sleepstudy_intercept_reml",
         "dyestuff_reml", "dyestuff2_reml", "penicillin_reml", "pastes_nested_reml",
         "machines_interaction_reml", "orthodont_interaction_reml", "sim_slope_reml", "sim_slope_ml",
         "sim_missing_reml", "sim_crossnest_reml")
cs_all <- all_cases(); names(cs_all) <- vapply(cs_all, `[[`, "", "id")
cat(sprintf("%-28s %10s %10s %10s %10s %10s\n", "case", "A", "Jacobian", "df", "vcovAdj", "Phi"))
for (id in ids) {
  cs <- cs_all[[id]]
  d <- read_case_data(cs)
  m <- fit_case_lt(cs, d)$value
  a <- analytic(m)
  lt_df <- summary(m)$coefficients[, "df"]
  va <- if (isREML(m)) as.matrix(pbkrtest::vcovAdj(as(m, "lmerMod"))) else NULL
  cat(sprintf("%-28s %10.2e %10.2e %10.2e %10s %10.2e\n", id,
              relmat(a$A, m@vcov_varpar),
              max(mapply(relmat, a$Jac, m@Jac_list)),
              rel(a$df, unname(lt_df)),
              if (is.null(va)) "-" else sprintf("%10.2e", relmat(a$vcov_adj, va)),
              relmat(a$Phi, as.matrix(vcov(m)))))
}
