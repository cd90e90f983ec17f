"""The graph model behind the suppression (see the package docstring): internal, no public API."""

from __future__ import annotations

import heapq
from collections import deque

PUBLISHED, PRIMARY, SECONDARY, FREE = 0, 1, 2, 3


class Graph:
    """Items (cells and totals) as edges between row nodes, column nodes, S_R and S_C (see module doc)."""

    def __init__(self, cells: list[list[int]], nrows: int, ncols: int, floor: int) -> None:
        self.nrows, self.ncols = nrows, ncols
        self.s_r, self.s_c = nrows + ncols, nrows + ncols + 1
        self.nnodes = nrows + ncols + 2
        cell_count = nrows * ncols
        row_sums = [sum(row) for row in cells]
        col_sums = [sum(row[j] for row in cells) for j in range(ncols)]
        # items: the cells row by row, then the row totals, the column totals and the grand total
        self.tail = [i for i in range(nrows) for _ in range(ncols)] + [self.s_r] * nrows
        self.tail += list(range(nrows, nrows + ncols)) + [self.s_c]
        self.head = list(range(nrows, nrows + ncols)) * nrows + list(range(nrows)) + [self.s_c] * ncols + [self.s_r]
        self.value = [v for row in cells for v in row] + row_sums + col_sums + [sum(row_sums)]
        self.is_total = [False] * cell_count + [True] * (nrows + ncols + 1)
        self.state = [PUBLISHED] * len(self.value)
        first_total = cell_count
        self.incident: list[list[int]] = [[*range(i * ncols, (i + 1) * ncols), first_total + i] for i in range(nrows)]
        self.incident += [[*range(j, cell_count, ncols), first_total + nrows + j] for j in range(ncols)]
        grand = len(self.value) - 1
        self.incident.append([*range(first_total, first_total + nrows), grand])  # S_R
        self.incident.append([*range(first_total + nrows, grand + 1)])  # S_C
        # A hidden cell can decrease only while it stays >= floor: 0, or 1 when zeros are published (a reader
        # then knows that every hidden cell is at least 1). A hidden total's bound follows from its cells.
        self.can_decrease = [v > floor for v in self.value[:cell_count]] + [True] * (nrows + ncols + 1)
        self.scale = sum(row_sums) + 1  # any set of cell values costs less than this

    def row_total_item(self, i: int) -> int:
        return self.nrows * self.ncols + i

    def column_total_item(self, j: int) -> int:
        return self.nrows * self.ncols + self.nrows + j

    def grand_total_item(self) -> int:
        return len(self.value) - 1

    def cost(self, e: int) -> int:
        """Information loss of hiding published item e: its value; totals after any set of cells."""
        return self.value[e] + (self.scale if self.is_total[e] else 0)

    def other(self, e: int, node: int) -> int:
        return self.head[e] if self.tail[e] == node else self.tail[e]

    # --- exact check -------------------------------------------------------------------------

    def determined(self) -> list[int]:
        """Hidden (primary or secondary) items whose value is fixed by the published numbers, in item order."""
        open_items = [e for e, s in enumerate(self.state) if s != PUBLISHED]
        protected = [e for e in open_items if self.state[e] != FREE]
        bridges = self._bridges(open_items)
        two_way = [e for e in open_items if self.can_decrease[e]]
        if len(two_way) == len(open_items):  # every cycle can be run both ways
            return [e for e in protected if e in bridges]
        # an item on a cycle of items that can move both ways is safe; only the others need a directed search
        two_way_bridges = self._bridges(two_way)
        arcs = self._arcs(open_items)
        back: list[dict[int, int]] = [{} for _ in range(self.nnodes)]
        for node, moves in enumerate(arcs):
            for nxt, e in moves.items():
                back[nxt][node] = e
        component = self._components(arcs)
        certified: set[int] = set()
        result = []
        for e in protected:
            a, b = self.tail[e], self.head[e]
            if e in bridges or component[a] != component[b]:
                result.append(e)
            elif self.can_decrease[e] and e in two_way_bridges and e not in certified:
                path = (
                    self._short_path(arcs, back, b, a, e)
                    or self._short_path(arcs, back, a, b, e)
                    or self._path(arcs, b, a, e, component)
                    or self._path(arcs, a, b, e, component)
                )
                if path is None:
                    result.append(e)
                else:
                    certified.update(path)  # every item on the cycle can change
        return result

    def _arcs(self, open_items: list[int]) -> list[dict[int, int]]:
        """Per node, next node -> item for the directed moves over hidden or free items (no parallel items)."""
        arcs: list[dict[int, int]] = [{} for _ in range(self.nnodes)]
        for e in open_items:
            arcs[self.tail[e]][self.head[e]] = e
            if self.can_decrease[e]:
                arcs[self.head[e]][self.tail[e]] = e
        return arcs

    def _short_path(
        self, arcs: list[dict[int, int]], back: list[dict[int, int]], source: int, target: int, skip: int
    ) -> list[int] | None:
        """A directed path of at most three moves source -> target avoiding ``skip`` (most cycles are short)."""
        into = back[target]
        for x, first in arcs[source].items():
            if first == skip:
                continue
            if x == target:
                return [first]
            last = into.get(x)
            if last is not None and last != skip:
                return [first, last]
            for y, middle in arcs[x].items():
                if y != source and middle != skip and (last := into.get(y)) is not None and last != skip:
                    return [first, middle, last]
        return None

    def _components(self, arcs: list[dict[int, int]]) -> list[int]:
        """Strongly connected components (Tarjan, iterative) of the directed moves; a label per node."""
        index = [-1] * self.nnodes
        low = [0] * self.nnodes
        label = [-1] * self.nnodes
        on_stack = [False] * self.nnodes
        stack: list[int] = []
        clock = 0
        for start in range(self.nnodes):
            if index[start] != -1:
                continue
            index[start] = low[start] = clock
            clock += 1
            stack.append(start)
            on_stack[start] = True
            work = [(start, iter(arcs[start]))]
            while work:
                node, moves = work[-1]
                for nxt in moves:
                    if index[nxt] == -1:
                        index[nxt] = low[nxt] = clock
                        clock += 1
                        stack.append(nxt)
                        on_stack[nxt] = True
                        work.append((nxt, iter(arcs[nxt])))
                        break
                    if on_stack[nxt]:
                        low[node] = min(low[node], index[nxt])
                else:
                    work.pop()
                    if work:
                        low[work[-1][0]] = min(low[work[-1][0]], low[node])
                    if low[node] == index[node]:
                        while True:
                            member = stack.pop()
                            on_stack[member] = False
                            label[member] = node
                            if member == node:
                                break
        return label

    def _bridges(self, open_items: list[int]) -> set[int]:
        """Items on no undirected cycle of hidden or free items (Tarjan, iterative): always determined."""
        adjacency: list[list[tuple[int, int]]] = [[] for _ in range(self.nnodes)]
        for e in open_items:
            adjacency[self.tail[e]].append((self.head[e], e))
            adjacency[self.head[e]].append((self.tail[e], e))
        discovered = [-1] * self.nnodes
        low = [0] * self.nnodes
        bridges: set[int] = set()
        clock = 0
        for start in range(self.nnodes):
            if discovered[start] != -1 or not adjacency[start]:
                continue
            discovered[start] = low[start] = clock
            clock += 1
            stack = [(start, -1, iter(adjacency[start]))]
            while stack:
                node, via, edges = stack[-1]
                for nxt, e in edges:
                    if e == via:
                        continue
                    if discovered[nxt] == -1:
                        discovered[nxt] = low[nxt] = clock
                        clock += 1
                        stack.append((nxt, e, iter(adjacency[nxt])))
                        break
                    low[node] = min(low[node], discovered[nxt])
                else:
                    stack.pop()
                    if stack:
                        parent = stack[-1][0]
                        low[parent] = min(low[parent], low[node])
                        if low[node] > discovered[parent]:
                            bridges.add(via)
        return bridges

    def _path(
        self, arcs: list[dict[int, int]], source: int, target: int, skip: int, component: list[int]
    ) -> list[int] | None:
        """Items of a directed path source -> target avoiding ``skip`` (breadth first, within one component)."""
        through = {source: -1}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            for nxt, e in arcs[node].items():
                if e == skip or nxt in through or component[nxt] != component[source]:
                    continue
                through[nxt] = e
                if nxt == target:
                    path = []
                    while nxt != source:
                        path.append(through[nxt])
                        nxt = self.other(through[nxt], nxt)
                    return path
                queue.append(nxt)
        return None

    def cheapest_cycle(self, e: int) -> list[int]:
        """The cheapest set of published items whose hiding puts item e on a traversable cycle."""
        a, b = self.tail[e], self.head[e]
        best = self._dijkstra(b, a, e)  # increase e, come back from its head to its tail
        if self.can_decrease[e]:
            other = self._dijkstra(a, b, e)  # decrease e
            if other is not None and (best is None or other[0] < best[0]):
                best = other
        if best is None or not best[1]:  # cannot happen: the totals always connect every node
            raise RuntimeError("suppression: no complementary cells found")
        return best[1]

    def _dijkstra(self, source: int, target: int, skip: int) -> tuple[int, list[int]] | None:
        distance = [-1] * self.nnodes
        through: list[int] = [-1] * self.nnodes
        settled = [False] * self.nnodes
        distance[source] = 0
        heap = [(0, source)]
        while heap:
            dist, node = heapq.heappop(heap)
            if settled[node]:
                continue
            settled[node] = True
            if node == target:
                break
            for e in self.incident[node]:
                if e == skip:
                    continue
                state = self.state[e]
                forward = self.tail[e] == node
                if state == PUBLISHED:
                    if self.value[e] == 0 or not (forward or self.can_decrease[e]):
                        continue  # published zeros are never used as complements
                    step = self.cost(e)
                elif forward or self.can_decrease[e]:
                    step = 0
                else:
                    continue
                nxt = self.head[e] if forward else self.tail[e]
                candidate = dist + step
                if not settled[nxt] and (distance[nxt] == -1 or candidate < distance[nxt]):
                    distance[nxt] = candidate
                    through[nxt] = e
                    heapq.heappush(heap, (candidate, nxt))
        if not settled[target]:
            return None
        path, node = [], target
        while node != source:
            e = through[node]
            if self.state[e] == PUBLISHED:
                path.append(e)
            node = self.other(e, node)
        return distance[target], sorted(path)

    # --- degree rule ---------------------------------------------------------------------------

    def enforce_degrees(self) -> None:
        """Local rule at every node (row, column, total line): each hidden number must be able to move.

        A hidden number that can move both ways needs a second open item at the node (the classical "no
        line with exactly one hidden cell"); one that can only grow (a hidden 1 when zeros are published)
        needs another item that can shrink, and vice versa. A needy node hides its cheapest complement.
        """
        deg, ins, outs = [0] * self.nnodes, [0] * self.nnodes, [0] * self.nnodes
        both, only_out, only_in = [0] * self.nnodes, [0] * self.nnodes, [0] * self.nnodes
        for e in [e for e, state in enumerate(self.state) if state != PUBLISHED]:
            state = self.state[e]
            for node, is_tail in ((self.tail[e], True), (self.head[e], False)):
                deg[node] += 1
                two_way = self.can_decrease[e]
                outs[node] += is_tail or two_way  # out of the tail by growing, out of the head by shrinking
                ins[node] += not is_tail or two_way
                if state != FREE:
                    if two_way:
                        both[node] += 1
                    elif is_tail:
                        only_out[node] += 1
                    else:
                        only_in[node] += 1

        def needy(n: int) -> bool:
            return bool((both[n] and deg[n] == 1) or (only_out[n] and not ins[n]) or (only_in[n] and not outs[n]))

        sorted_candidates: dict[int, list[tuple[int, int]]] = {}

        def candidates(n: int) -> list[tuple[int, int]]:  # sorted lazily: most nodes never need it
            if n not in sorted_candidates:
                sorted_candidates[n] = sorted((self.cost(e), e) for e in self.incident[n] if self._complement(e))
            return sorted_candidates[n]

        def best_cost(node: int, excluding: int) -> int:
            for cost, e in candidates(node):
                if e != excluding and self.state[e] == PUBLISHED:
                    return cost
            return 2 * self.scale + 1  # nothing left but a path through other lines: dearer than a total

        queue = deque([self.s_r, self.s_c, *range(self.nrows + self.ncols)])  # the lines of totals first: forced
        queued = [True] * self.nnodes
        while queue:
            node = queue.popleft()
            queued[node] = False
            if not needy(node):
                continue
            choice: tuple[bool, int, int] | None = None
            for cost, e in candidates(node):
                if self.state[e] != PUBLISHED:
                    continue
                crossing = self.other(e, node)
                if needy(crossing):  # a complement that can move both ways resolves the crossing line too
                    cost -= best_cost(crossing, -1)
                elif deg[crossing] == 0:  # it would leave the crossing line with a single hidden number
                    cost += best_cost(crossing, e)
                if choice is None or (self.is_total[e], cost, e) < choice:
                    choice = (self.is_total[e], cost, e)  # a cell whenever the line has one
            if choice is None:
                continue  # left to the exact phase
            e = choice[2]
            self.state[e] = SECONDARY
            for end in (self.tail[e], self.head[e]):
                deg[end] += 1
                ins[end] += 1
                outs[end] += 1
                both[end] += 1
                if not queued[end]:
                    queued[end] = True
                    queue.append(end)

    def _complement(self, e: int) -> bool:
        """Can published item e serve as a complement? Non-zero and able to move both ways once hidden."""
        return self.state[e] == PUBLISHED and self.value[e] > 0 and self.can_decrease[e]

    def make_safe(self) -> None:
        """Secondary suppression: degree rule, then exact repair until nothing hidden is determined."""
        self.enforce_degrees()
        while True:
            determined = self.determined()
            if not determined:
                return
            for e in self.cheapest_cycle(determined[0]):
                self.state[e] = SECONDARY
