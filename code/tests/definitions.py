"""Labels in the book that are pure definitions, with why: exempt from needing a claim test.

Every other ``eq-``/``thm-`` label in ``book/*.md`` and ``notebooks/*.ipynb`` states a fact about
numbers, and a test marked ``@pytest.mark.claim("<label>")`` must check it numerically.
"""

DEFINITIONS: dict[str, str] = {
    "eq-surprisal": "defines the surprisal -log p(x)",
    "eq-entropy": "defines the Shannon entropy H(p)",
    "eq-fam-diff-entropy": "defines the differential entropy h(f) of a density",
    "eq-fam-kl-density": "defines the KL divergence between two densities",
    "eq-fam-joint-entropy": "defines the joint entropy H(X, Y) of a table p(x, y)",
    "eq-fam-cond-entropy": "defines the conditional entropy H(Y | X) (its two forms are one sum)",
    "eq-fam-mi": "defines mutual information as D(p(x, y) || p(x) p(y))",
    "eq-fam-js": "defines the Jensen-Shannon divergence",
    "eq-practice-smoothing-targets": "defines the label-smoothed targets (1-eps) onehot + eps/K",
    "eq-kl": "defines the KL divergence D(p || q) as the average extra surprise",
    "eq-kl-fits": "defines the forward and reverse KL fits as argmins (their outcomes are claims)",
    "eq-ce-def": "defines the cross-entropy H(p, q) = -sum p log q",
    "eq-ce-shannon-lengths": "defines Shannon code lengths ceil(-log2 q(x))",
    "eq-ce-family": "defines the one-parameter family q_beta proportional to p**beta",
    "eq-mle-likelihood": "defines the i.i.d. likelihood lik(theta) as a product over the sample",
    "eq-clf-ece": "defines the expected calibration error of a binned reliability table",
    "eq-modern-soft-targets": "defines the softened teacher and student distributions p_T, q_T",
    "eq-modern-infonce": "defines the InfoNCE loss as the cross-entropy of picking the partner",
    "eq-modern-ngram": "defines the interpolated (Dirichlet-smoothed) character n-gram model",
    "eq-modern-focal": "defines the binary focal loss -(1 - q_y)^gamma log q_y",
    "eq-modern-kl-objective": "defines the KL-penalised reward E_q[r] - beta KL(q || q_ref)",
}
