"""The compiled core of the matching engine (Numba): scoring rows of pairs and keeping the top k both ways.

Called through matching.engine, which prepares the packed arrays these functions take; nothing else
should need to import this module. See engine's docstring for what is computed; comments here say how
it is made fast.
"""

import numpy as np
from llvmlite import ir
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


@intrinsic
def _trailing_zeros(typingctx, value):  # pragma: no cover - compiled
    """llvm.cttz: the position of the lowest set bit (one tzcnt)."""
    signature = types.uint64(types.uint64)

    def codegen(context, builder, sig, args):
        return builder.cttz(args[0], ir.Constant(ir.IntType(1), 0))

    return signature, codegen


_LOW = np.uint64(0xFFFFFFFF)
_HIGH = np.uint64(32)


@njit(inline="always")
def _key(score, index):  # pragma: no cover - compiled
    """A (score, index) pair as one integer ordered like the lists: higher score, then lower index, is larger.

    Scores are >= 0, and the bits of such floats order as integers do; the sign bit is dropped so that
    a -0.0 ties with 0.0. One integer compare then replaces a score compare and a tie-break.
    """
    bits = np.uint64(np.float32(score).view(np.uint32) & np.uint32(0x7FFFFFFF))
    return (bits << _HIGH) | (_LOW - np.uint64(index))


@njit(inline="always")
def _score_of(key):  # pragma: no cover - compiled
    return np.uint32(key >> _HIGH).view(np.float32)


@njit(inline="always")
def _index_of(key):  # pragma: no cover - compiled
    return np.int32(_LOW - (key & _LOW))


@njit(cache=True)
def _keep_best(keys, count, k):  # pragma: no cover - compiled
    """Moves the k largest of keys[:count] to the front, in no order, and returns the k-th largest.

    Quickselect (Wirth's): a few hundred keys at a time, and called rarely. Keys are distinct.
    """
    target = k - 1
    low = 0
    high = count - 1
    while low < high:
        pivot = keys[target]
        i = low
        j = high
        while i <= j:
            while keys[i] > pivot:
                i += 1
            while pivot > keys[j]:
                j -= 1
            if i <= j:
                keys[i], keys[j] = keys[j], keys[i]
                i += 1
                j -= 1
        if j < target:
            low = i
        if target < i:
            high = j
    return keys[target]


@njit(inline="always")
def _write_best(keys, count, k, out_scores, out_indices):  # pragma: no cover - compiled
    """The best k of keys[:count] into out_*, best first (the rest of out_* keeps its padding).

    Sorted by rank, each key's place being how many keys beat it: k x k compares, but branch-free and
    vectorised, quicker than a sort for so few.
    """
    if count > k:
        _keep_best(keys, count, k)
        count = k
    for m in range(count):
        key = keys[m]
        rank = 0
        for other in range(count):
            rank += keys[other] > key
        out_scores[rank] = _score_of(key)
        out_indices[rank] = _index_of(key)


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


# A company's first bar comes from the maxima of this many interleaved groups of its first tile.
LANES = 256
BISECTIONS = 12
# Slots beyond k in a list's buffer: when full, one selection keeps the best k and raises the bar.
COMPANY_SLACK = 128
PROJECT_SLACK = 64


@njit(fastmath=True, inline="always")
def _count_at_least(values, bound):  # pragma: no cover - compiled
    count = 0
    for i in range(values.shape[0]):
        count += values[i] >= bound
    return count


@njit(fastmath=True, inline="always")
def _first_bar(row, width, maxima, k):  # pragma: no cover - compiled
    """A bar for a company's first tile, below its k-th best score of the tile (-1 if none is found).

    Split the tile into interleaved groups: if k groups have a maximum >= b, the tile has k scores >= b.
    Bisection finds a high such b among the maxima, a few cheap vector passes; the bar is one step
    below b, so that a score equal to b still enters.
    """
    maxima[:] = -2.0
    for r0 in range(0, width, LANES):
        lane = row[r0 : r0 + LANES]
        for g in range(LANES):
            maxima[g] = max(maxima[g], lane[g])
    low = np.float32(0.0)
    if _count_at_least(maxima, low) < k:
        return np.float32(-1.0)
    high = np.float32(0.0)
    for g in range(LANES):
        high = max(high, maxima[g])
    for _ in range(BISECTIONS):
        middle = (low + high) * np.float32(0.5)
        if _count_at_least(maxima, middle) >= k:
            low = middle
        else:
            high = middle
    return np.float32(np.nextafter(low, np.float32(-2.0)))


@njit(fastmath=True, inline="always")
def _hit_masks(row, bars, words, masks):  # pragma: no cover - compiled
    """Bit i of masks[w] set where row[64 w + i] > bars[64 w + i]: a vector compare, 64 lanes a word."""
    for w in range(words):
        scores = row[w * 64 : (w + 1) * 64]
        limits = bars[w * 64 : (w + 1) * 64]
        mask = np.uint64(0)
        for b in range(64):
            mask |= np.uint64(scores[b] > limits[b]) << np.uint64(b)
        masks[w] = mask


@njit(fastmath=True, inline="always")
def _hit_masks_over(row, bar, words, masks):  # pragma: no cover - compiled
    """As _hit_masks, against one bar for the whole row."""
    for w in range(words):
        scores = row[w * 64 : (w + 1) * 64]
        mask = np.uint64(0)
        for b in range(64):
            mask |= np.uint64(scores[b] > bar) << np.uint64(b)
        masks[w] = mask


@njit(parallel=True, fastmath=True, cache=True)
def top_k(
    c_theme, c_skill, c_budget, c_hours, c_text, c_history_theme, c_proximity, c_affinity,
    p_u32, p_f32, p_textT, weights, k, company_block, project_tile, threads,
):  # fmt: skip  # pragma: no cover - compiled
    """The best k both ways, each list sorted best first, ties by the lower index, padded with -1.

    Every list keeps a bar, the worst score it holds once it holds k (-1 before, below every score),
    and a buffer of candidates: a score beating the bar is appended, and a full buffer is cut back to
    its best k, raising the bar. Each company sees the projects, and each thread's project lists see
    their companies, in increasing index, so a later score equal to the bar can never enter: the test
    is a strict >, and vector compares over a tile row find the rare scores that pass.
    """
    companies = c_theme.shape[0]
    projects = p_u32.shape[1]
    company_scores = np.full((companies, k), -1.0, np.float32)
    company_projects = np.full((companies, k), -1, np.int32)
    # Each thread keeps its own lists for every project (merged below), so threads never share a write.
    project_capacity = k + PROJECT_SLACK
    thread_keys = np.empty((threads, projects, project_capacity), np.uint64)
    thread_counts = np.zeros((threads, projects), np.int32)
    # Rows padded to whole groups and mask words; scores pad with -2, never a hit.
    padded_tile = (project_tile + LANES - 1) // LANES * LANES
    thread_bar = np.full((threads, projects + padded_tile), -1.0, np.float32)
    company_capacity = k + COMPANY_SLACK
    blocks = (companies + company_block - 1) // company_block
    dimensions = c_text.shape[1]
    for thread in prange(threads):
        # Thread-local copies of one tile of projects: small enough to stay in L1/L2 across a block.
        t_u32 = np.empty((p_u32.shape[0], project_tile), np.uint32)
        t_f32 = np.empty((p_f32.shape[0], project_tile), np.float32)
        t_textT = np.empty((dimensions, project_tile), np.float32)
        row = np.full(padded_tile, -2.0, np.float32)
        near = np.empty(project_tile, np.float32)
        place = np.empty(c_proximity.shape[1], np.float32)
        maxima = np.empty(LANES, np.float32)
        project_masks = np.empty(padded_tile // 64, np.uint64)
        company_masks = np.empty(padded_tile // 64, np.uint64)
        # The companies of one block: their lists and bars live only while the block is scored.
        kept = np.empty((company_block, company_capacity), np.uint64)
        kept_counts = np.zeros(company_block, np.int32)
        company_bar = np.empty(company_block, np.float32)
        bar = thread_bar[thread]
        counts = thread_counts[thread]
        keys = thread_keys[thread]
        for block in range(thread, blocks, threads):
            c0 = block * company_block
            c1 = min(companies, c0 + company_block)
            kept_counts[:] = 0
            company_bar[:] = -1.0
            for p0 in range(0, projects, project_tile):
                width = min(projects, p0 + project_tile) - p0
                words = (width + 63) // 64
                t_u32[:, :width] = p_u32[:, p0 : p0 + width]
                t_f32[:, :width] = p_f32[:, p0 : p0 + width]
                t_textT[:, :width] = p_textT[:, p0 : p0 + width]
                tile_bar = bar[p0 : p0 + padded_tile]
                for c in range(c0, c1):
                    j = c - c0
                    _score_row(
                        row, place, near, c, width,
                        c_theme, c_skill, c_budget, c_hours, c_text, c_history_theme, c_proximity, c_affinity,
                        t_u32, t_f32, t_textT, weights,
                    )  # fmt: skip
                    row[width:] = -2.0
                    if p0 == 0:
                        company_bar[j] = _first_bar(row, width, maxima, k)
                    _hit_masks(row, tile_bar, words, project_masks)
                    _hit_masks_over(row, company_bar[j], words, company_masks)
                    for w in range(words):
                        mask = project_masks[w]
                        while mask != 0:
                            p = p0 + w * 64 + np.int64(_trailing_zeros(mask))
                            mask &= mask - np.uint64(1)
                            n = counts[p]
                            keys[p, n] = _key(row[p - p0], c)
                            n += 1
                            if n == project_capacity:
                                bar[p] = _score_of(_keep_best(keys[p], n, k))
                                n = k
                            counts[p] = n
                    n = kept_counts[j]
                    threshold = company_bar[j]
                    for w in range(words):
                        mask = company_masks[w]
                        while mask != 0:
                            i = w * 64 + np.int64(_trailing_zeros(mask))
                            mask &= mask - np.uint64(1)
                            # The bar may have risen within this row.
                            if row[i] > threshold:
                                kept[j, n] = _key(row[i], p0 + i)
                                n += 1
                                if n == company_capacity:
                                    threshold = _score_of(_keep_best(kept[j], n, k))
                                    n = k
                    kept_counts[j] = n
                    company_bar[j] = threshold
            for c in range(c0, c1):
                j = c - c0
                _write_best(kept[j], kept_counts[j], k, company_scores[c], company_projects[c])
    project_scores = np.full((projects, k), -1.0, np.float32)
    project_companies = np.full((projects, k), -1, np.int32)
    for p in prange(projects):
        merged = np.empty(threads * project_capacity, np.uint64)
        n = 0
        for thread in range(threads):
            count = thread_counts[thread, p]
            merged[n : n + count] = thread_keys[thread, p, :count]
            n += count
        _write_best(merged, n, k, project_scores[p], project_companies[p])
    return company_projects, company_scores, project_companies, project_scores
