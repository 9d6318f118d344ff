"""The compiled core of the matching engine (Numba): scoring rows of pairs and keeping the top k both ways.

Called through matching.engine, which prepares the packed arrays these functions take; nothing else
should need to import this module. See engine's docstring for what is computed; comments here say how
it is made fast.
"""

import numpy as np
from numba import njit, prange, types
from numba.extending import intrinsic

# The share of the history component for a past pledge on a shared theme (matching.engine re-exports it).
PLEDGED_ON_THEME = 0.3


@njit(cache=True)
def fold_nearest(companies, site_distance, offset, distance, nearest):  # pragma: no cover - compiled
    for row in range(site_distance.shape[0]):
        company = companies[row]
        for n in range(site_distance.shape[1]):
            if site_distance[row, n] < distance[company, n]:
                distance[company, n] = site_distance[row, n]
                nearest[company, n] = offset + row


@intrinsic
def _popcount(typingctx, value):  # pragma: no cover - compiled
    """llvm.ctpop: a single instruction where the CPU has one, vectorised across projects where not."""
    signature = types.uint32(types.uint32)

    def codegen(context, builder, sig, args):
        return builder.ctpop(args[0])

    return signature, codegen


@njit(cache=True)
def project_terms(theme_mask, skill_mask, funding_gap, hours_gap, city_priority, need, weights):
    """Per-project constants: reciprocals (no division per pair) and the normaliser of the weighted mean."""
    count = theme_mask.shape[0]
    inv_themes = np.zeros(count, np.float32)
    inv_skills = np.zeros(count, np.float32)
    inv_funding = np.zeros(count, np.float32)
    inv_hours = np.zeros(count, np.float32)
    constant = np.zeros(count, np.float32)
    inv_total = np.zeros(count, np.float32)
    for p in range(count):
        themes = _popcount(theme_mask[p])
        skills = _popcount(skill_mask[p])
        if themes > 0:
            inv_themes[p] = np.float32(1.0) / np.float32(themes)
        if skills > 0:
            inv_skills[p] = np.float32(1.0) / np.float32(skills)
        if funding_gap[p] > 0:
            inv_funding[p] = np.float32(1.0) / funding_gap[p]
        if hours_gap[p] > 0:
            inv_hours[p] = np.float32(1.0) / hours_gap[p]
        total = weights[0] + weights[1] + weights[2] + weights[3] + weights[6] + weights[7]
        if funding_gap[p] > 0 or hours_gap[p] > 0:
            total += weights[4]
        if skills > 0:
            total += weights[5]
        inv_total[p] = np.float32(1.0) / total
        constant[p] = weights[1] * city_priority[p] + weights[3] * need[p]
    return inv_themes, inv_skills, inv_funding, inv_hours, constant, inv_total


# Rows of the packed per-project arrays the kernels read (see _arguments).
U_THEME, U_SKILL, U_NEIGHBOURHOOD = range(3)
F_INV_THEMES, F_INV_SKILLS, F_INV_FUNDING, F_INV_HOURS, F_CONSTANT, F_INV_TOTAL = range(6)


@njit(fastmath=True, inline="always")
def _score_row(
    out, place, near, c, width,
    c_theme, c_skill, c_budget, c_hours, c_text, c_history_theme, c_proximity, c_affinity,
    t_u32, t_f32, t_textT, weights,
):  # fmt: skip  # pragma: no cover - compiled
    """Scores of company c against `width` projects (columns of the t_* arrays) into out[:width].

    Branch-free over projects so it vectorises. The projects' columns come packed in two 2-D arrays
    (integers, floats): with few distinct arrays the compiler's alias checks stay within its budget,
    and the loop vectorises; with a dozen it gives up.
    """
    theme = c_theme[c]
    skill = c_skill[c]
    budget = c_budget[c]
    hours = c_hours[c]
    history_theme = c_history_theme[c]
    w_theme, w_proximity, w_capacity = weights[0], weights[2], weights[4]
    w_skills, w_text, w_history = weights[5], weights[6], weights[7]
    # Proximity and the neighbourhood part of history depend only on (company, neighbourhood): one gather.
    for n in range(place.shape[0]):
        place[n] = w_proximity * c_proximity[c, n] + w_history * c_affinity[c, n]
    for i in range(width):
        out[i] = 0.0
    for d in range(c_text.shape[1]):  # projects on the inner axis: one broadcast FMA per lane
        value = c_text[c, d]
        for i in range(width):
            out[i] += value * t_textT[d, i]
    # The gather on its own: in the loop below it would keep the whole loop scalar (LLVM will not
    # vectorise gathers on this CPU), here it costs one load per project.
    for i in range(width):
        near[i] = place[t_u32[U_NEIGHBOURHOOD, i]]
    on_theme = w_history * np.float32(PLEDGED_ON_THEME)
    for i in range(width):
        project_theme = t_u32[U_THEME, i]
        # Through int32: AVX2 converts signed integers to float in vector registers, unsigned ones not.
        theme_fit = np.float32(np.int32(_popcount(theme & project_theme))) * t_f32[F_INV_THEMES, i]
        skills_fit = np.float32(np.int32(_popcount(skill & t_u32[U_SKILL, i]))) * t_f32[F_INV_SKILLS, i]
        capacity = min(np.float32(1.0), max(budget * t_f32[F_INV_FUNDING, i], hours * t_f32[F_INV_HOURS, i]))
        shares_theme = on_theme if (history_theme & project_theme) != 0 else np.float32(0.0)
        out[i] = (
            w_theme * theme_fit
            + near[i]
            + w_capacity * capacity
            + w_skills * skills_fit
            + w_text * max(np.float32(0.0), out[i])
            + shares_theme
            + t_f32[F_CONSTANT, i]
        ) * t_f32[F_INV_TOTAL, i]


@njit(inline="always")
def _better(score_a, index_a, score_b, index_b):  # pragma: no cover - compiled
    return score_a > score_b or (score_a == score_b and index_a < index_b)


@njit(inline="always")
def _heap_push(scores, indices, size, score, index):  # pragma: no cover - compiled
    """Keep the best len(scores) in a heap whose root is the worst kept. Returns the new size."""
    capacity = scores.shape[0]
    if size < capacity:
        j = size
        scores[j] = score
        indices[j] = index
        while j > 0:
            parent = (j - 1) >> 1
            if _better(scores[parent], indices[parent], scores[j], indices[j]):
                scores[parent], scores[j] = scores[j], scores[parent]
                indices[parent], indices[j] = indices[j], indices[parent]
                j = parent
            else:
                break
        return size + 1
    if not _better(score, index, scores[0], indices[0]):
        return size
    scores[0] = score
    indices[0] = index
    j = 0
    while True:
        left = 2 * j + 1
        if left >= capacity:
            break
        worst = left
        right = left + 1
        if right < capacity and _better(scores[left], indices[left], scores[right], indices[right]):
            worst = right
        if _better(scores[j], indices[j], scores[worst], indices[worst]):
            scores[j], scores[worst] = scores[worst], scores[j]
            indices[j], indices[worst] = indices[worst], indices[j]
            j = worst
        else:
            break
    return size


@njit(cache=True)
def sort_rows(scores, indices):  # pragma: no cover - compiled
    """Best first; ties by lower index; padding (-1) last."""
    for row in range(scores.shape[0]):
        by_index = np.argsort(indices[row], kind="mergesort")
        order = by_index[
            np.argsort(-scores[row][by_index], kind="mergesort")
        ]  # stable: ties keep index order
        scores[row] = scores[row][order]
        indices[row] = indices[row][order]


# fastmath here too: the inlined row scorer takes its caller's flags, and without them min/max stay scalar.
@njit(parallel=True, fastmath=True, cache=True)
def score_matrix(
    c_theme, c_skill, c_budget, c_hours, c_text, c_history_theme, c_proximity, c_affinity,
    p_u32, p_f32, p_textT, weights,
):  # fmt: skip  # pragma: no cover - compiled
    companies = c_theme.shape[0]
    projects = p_u32.shape[1]
    result = np.empty((companies, projects), np.float32)
    for c in prange(companies):
        row = np.empty(projects, np.float32)
        near = np.empty(projects, np.float32)
        place = np.empty(c_proximity.shape[1], np.float32)
        _score_row(
            row, place, near, c, projects,
            c_theme, c_skill, c_budget, c_hours, c_text, c_history_theme, c_proximity, c_affinity,
            p_u32, p_f32, p_textT, weights,
        )  # fmt: skip
        result[c] = row
    return result


@njit(inline="always")
def _select_row(scores, k, group_maxima, candidates, out_scores, out_indices):  # pragma: no cover - compiled
    """The best k of one full row of scores into out_*, best first, ties by lower index.

    The k-th largest of the rows' 64-wide group maxima is a lower bound of the k-th best score (k groups
    each hold a score at least that high), so only the groups reaching it need a look: a few per row.
    """
    width = scores.shape[0]
    groups = (width + GROUP - 1) // GROUP
    for g in range(groups):
        best = np.float32(-1.0)
        for i in range(g * GROUP, min(width, (g + 1) * GROUP)):
            best = max(best, scores[i])
        group_maxima[g] = best
    threshold = np.float32(-1.0)
    if groups > k:
        threshold = np.sort(group_maxima[:groups])[groups - k]
    count = 0
    for g in range(groups):
        if group_maxima[g] >= threshold:
            for i in range(g * GROUP, min(width, (g + 1) * GROUP)):
                if scores[i] >= threshold:
                    candidates[count] = i
                    count += 1
    chosen = candidates[:count]
    chosen_scores = scores[chosen]
    order = np.argsort(-chosen_scores, kind="mergesort")  # stable: candidates are in index order
    kept = min(k, count)
    for j in range(kept):
        out_scores[j] = chosen_scores[order[j]]
        out_indices[j] = chosen[order[j]]


GROUP = 64
# Narrow groups for the project side: a group with one improving score goes scalar, and improvements are
# frequent while the heaps fill (the first ~k x FLOOR_GROUP companies of a thread), so keep groups small.
FLOOR_GROUP = 8


@njit(parallel=True, fastmath=True, cache=True)
def top_k(
    c_theme, c_skill, c_budget, c_hours, c_text, c_history_theme, c_proximity, c_affinity,
    p_u32, p_f32, p_textT, weights, k, company_block, project_tile, threads,
):  # fmt: skip  # pragma: no cover - compiled
    companies = c_theme.shape[0]
    projects = p_u32.shape[1]
    company_scores = np.full((companies, k), -1.0, np.float32)
    company_projects = np.full((companies, k), -1, np.int32)
    # Each thread keeps its own heaps for every project (merged below), so threads never share a write.
    thread_scores = np.full((threads, projects, k), -1.0, np.float32)
    thread_companies = np.full((threads, projects, k), -1, np.int32)
    thread_sizes = np.zeros((threads, projects), np.int32)
    # The worst score each project heap keeps once full (-1 before): contiguous, compared a tile at a time.
    thread_floor = np.full((threads, projects), -1.0, np.float32)
    blocks = (companies + company_block - 1) // company_block
    dimensions = c_text.shape[1]
    for thread in prange(threads):
        # Thread-local copies of one tile of projects: small enough to stay in L1/L2 across a block.
        t_u32 = np.empty((p_u32.shape[0], project_tile), np.uint32)
        t_f32 = np.empty((p_f32.shape[0], project_tile), np.float32)
        t_textT = np.empty((dimensions, project_tile), np.float32)
        row = np.empty(project_tile, np.float32)
        near = np.empty(project_tile, np.float32)
        place = np.empty(c_proximity.shape[1], np.float32)
        # Whole rows of the block's companies, for the company-side selection once every tile is scored.
        block_rows = np.empty((company_block, projects), np.float32)
        group_maxima = np.empty((projects + GROUP - 1) // GROUP, np.float32)
        candidates = np.empty(projects, np.int64)
        floor_ = thread_floor[thread]
        sizes = thread_sizes[thread]
        for block in range(thread, blocks, threads):
            c0 = block * company_block
            c1 = min(companies, c0 + company_block)
            for p0 in range(0, projects, project_tile):
                width = min(projects, p0 + project_tile) - p0
                for r in range(p_u32.shape[0]):
                    for i in range(width):
                        t_u32[r, i] = p_u32[r, p0 + i]
                for r in range(p_f32.shape[0]):
                    for i in range(width):
                        t_f32[r, i] = p_f32[r, p0 + i]
                for d in range(dimensions):
                    for i in range(width):
                        t_textT[d, i] = p_textT[d, p0 + i]
                for c in range(c0, c1):
                    _score_row(
                        row, place, near, c, width,
                        c_theme, c_skill, c_budget, c_hours, c_text, c_history_theme, c_proximity, c_affinity,
                        t_u32, t_f32, t_textT, weights,
                    )  # fmt: skip
                    block_rows[c - c0, p0 : p0 + width] = row[:width]
                    # Project side: a group of projects needs a look only if some score beats its floor.
                    # Companies arrive in increasing index, so an equal score never displaces a kept one.
                    for g0 in range(0, width, FLOOR_GROUP):
                        g1 = min(width, g0 + FLOOR_GROUP)
                        margin = np.float32(-2.0)
                        for i in range(g0, g1):
                            margin = max(margin, row[i] - floor_[p0 + i])
                        if margin <= 0:
                            continue
                        for i in range(g0, g1):
                            p = p0 + i
                            if row[i] > floor_[p]:
                                kept = _heap_push(
                                    thread_scores[thread, p], thread_companies[thread, p], sizes[p], row[i], c
                                )
                                sizes[p] = kept
                                if kept == k:
                                    floor_[p] = thread_scores[thread, p, 0]
            for c in range(c0, c1):
                _select_row(
                    block_rows[c - c0], k, group_maxima, candidates, company_scores[c], company_projects[c]
                )
    project_scores = np.full((projects, k), -1.0, np.float32)
    project_companies = np.full((projects, k), -1, np.int32)
    for p in prange(projects):
        size = 0
        for thread in range(threads):
            for j in range(thread_sizes[thread, p]):
                size = _heap_push(
                    project_scores[p], project_companies[p], size,
                    thread_scores[thread, p, j], thread_companies[thread, p, j],
                )  # fmt: skip
    return company_projects, company_scores, project_companies, project_scores
