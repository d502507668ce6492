"""Tables and PL/pgSQL functions behind :mod:`orkester.state.postgres`: each operation is one function
call, one round trip, one transaction.

Locking: every function that reads or changes a scope's budget first locks that scope's ``total`` row
of ``state_budget_spend`` (rate limits: its ``state_rate_scopes`` row), always in scope order, so
concurrent requests over overlapping scopes queue instead of deadlocking. Reads after the lock are
new statements, so under READ COMMITTED they see everything the previous lock holder committed.

Reserved budget is not a counter but the sum of the live rows of ``state_budget_holds``
(``expires_at > now``): a reservation whose process died stops counting the moment it expires, with no
sweeper. Expired rows stay a day (a late settle still records the spend) and are deleted by later
reservations of the same scope. Time is the database server's clock unless a clock is passed (tests).
"""

from __future__ import annotations

#: pg_advisory_xact_lock key for creating the tables and functions ("orkstate" in ASCII)
CREATE_LOCK = 0x6F726B7374617465

_NOW = "coalesce(p_now, extract(epoch from clock_timestamp()))"

TABLES = """
CREATE TABLE IF NOT EXISTS state_budget_spend (
    scope TEXT NOT NULL,
    win TEXT NOT NULL,
    spent BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, win)
);
CREATE TABLE IF NOT EXISTS state_budget_holds (
    id TEXT NOT NULL,
    scope TEXT NOT NULL,
    day INTEGER NOT NULL,
    month INTEGER NOT NULL,
    amount BIGINT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (id, scope)
);
CREATE INDEX IF NOT EXISTS state_budget_holds_scope ON state_budget_holds (scope, expires_at);
CREATE TABLE IF NOT EXISTS state_rate_scopes (
    scope TEXT PRIMARY KEY,
    n BIGINT NOT NULL DEFAULT 0,
    tokens BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS state_rate_log (
    scope TEXT NOT NULL,
    id TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL,
    tokens BIGINT NOT NULL,
    PRIMARY KEY (scope, id)
);
CREATE INDEX IF NOT EXISTS state_rate_log_at ON state_rate_log (scope, at);
"""

_WINDOWS = f"""
    v_now DOUBLE PRECISION := {_NOW};
    v_day INTEGER := floor(v_now / 86400)::INTEGER;
    v_ts TIMESTAMP := to_timestamp(v_now) AT TIME ZONE 'UTC';
    v_month INTEGER := (extract(year FROM v_ts) * 12 + extract(month FROM v_ts) - 1)::INTEGER;
"""

RESERVE = f"""
CREATE OR REPLACE FUNCTION state_reserve(
    p_id TEXT, p_scopes TEXT[], p_limits BIGINT[], p_amount BIGINT, p_ttl DOUBLE PRECISION, p_now DOUBLE PRECISION
) RETURNS TABLE (ok BOOLEAN, idx INTEGER, win INTEGER, lim BIGINT, spent BIGINT, reserved BIGINT,
                 day INTEGER, month INTEGER, expires DOUBLE PRECISION)
LANGUAGE plpgsql AS $$
DECLARE {_WINDOWS}
    v_n INTEGER := coalesce(array_length(p_scopes, 1), 0);
    v_lim BIGINT; v_spent BIGINT; v_res BIGINT;
BEGIN
    INSERT INTO state_budget_spend AS b (scope, win)
        SELECT DISTINCT s, 't' FROM unnest(p_scopes) s ORDER BY 1 ON CONFLICT DO NOTHING;
    PERFORM 1 FROM state_budget_spend b WHERE b.win = 't' AND b.scope = ANY(p_scopes) ORDER BY b.scope FOR UPDATE;
    DELETE FROM state_budget_holds h WHERE h.scope = ANY(p_scopes) AND h.expires_at < v_now - 86400;
    FOR i IN 1 .. v_n LOOP
        FOR w IN 1 .. 3 LOOP
            v_lim := p_limits[(i - 1) * 3 + w];
            CONTINUE WHEN v_lim < 0;
            SELECT coalesce(sum(b.spent), 0) INTO v_spent FROM state_budget_spend b
                WHERE b.scope = p_scopes[i]
                  AND b.win = CASE w WHEN 1 THEN 'd' || v_day WHEN 2 THEN 'm' || v_month ELSE 't' END;
            SELECT coalesce(sum(h.amount), 0) INTO v_res FROM state_budget_holds h
                WHERE h.scope = p_scopes[i] AND h.expires_at > v_now
                  AND (w = 3 OR (w = 1 AND h.day = v_day) OR (w = 2 AND h.month = v_month));
            IF v_spent + v_res + p_amount > v_lim THEN
                RETURN QUERY SELECT false, i - 1, w, v_lim, v_spent, v_res, v_day, v_month, NULL::DOUBLE PRECISION;
                RETURN;
            END IF;
        END LOOP;
    END LOOP;
    INSERT INTO state_budget_holds SELECT p_id, s, v_day, v_month, p_amount, v_now + p_ttl FROM unnest(p_scopes) s;
    RETURN QUERY SELECT true, NULL::INTEGER, NULL::INTEGER, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT,
        v_day, v_month, v_now + p_ttl;
END $$;
"""

#: settle (p_actual > 0) or release (0): drop the holds, add the spend to the windows they were made in.
FINISH = """
CREATE OR REPLACE FUNCTION state_finish(p_id TEXT, p_actual BIGINT) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
DECLARE
    v_scopes TEXT[];
    v_found BOOLEAN := false;
    r RECORD;
BEGIN
    SELECT array_agg(h.scope) INTO v_scopes FROM state_budget_holds h WHERE h.id = p_id;
    IF v_scopes IS NULL THEN
        RETURN false;  -- settled or released already (or forgotten a day after it expired)
    END IF;
    PERFORM 1 FROM state_budget_spend b WHERE b.win = 't' AND b.scope = ANY(v_scopes) ORDER BY b.scope FOR UPDATE;
    FOR r IN DELETE FROM state_budget_holds h WHERE h.id = p_id RETURNING h.scope, h.day, h.month LOOP
        v_found := true;
        IF p_actual > 0 THEN
            INSERT INTO state_budget_spend AS b (scope, win, spent)
                VALUES (r.scope, 'd' || r.day, p_actual), (r.scope, 'm' || r.month, p_actual), (r.scope, 't', p_actual)
                ON CONFLICT (scope, win) DO UPDATE SET spent = b.spent + EXCLUDED.spent;
        END IF;
    END LOOP;
    RETURN v_found;
END $$;
"""

SPENT = f"""
CREATE OR REPLACE FUNCTION state_spent(p_scope TEXT, p_now DOUBLE PRECISION)
RETURNS TABLE (day INTEGER, month INTEGER, d_spent BIGINT, d_res BIGINT, m_spent BIGINT, m_res BIGINT,
               t_spent BIGINT, t_res BIGINT)
LANGUAGE plpgsql AS $$
DECLARE {_WINDOWS}
BEGIN
    RETURN QUERY SELECT v_day, v_month,
        (SELECT coalesce(sum(b.spent), 0)::BIGINT FROM state_budget_spend b
            WHERE b.scope = p_scope AND b.win = 'd' || v_day),
        (SELECT coalesce(sum(h.amount), 0)::BIGINT FROM state_budget_holds h
            WHERE h.scope = p_scope AND h.expires_at > v_now AND h.day = v_day),
        (SELECT coalesce(sum(b.spent), 0)::BIGINT FROM state_budget_spend b
            WHERE b.scope = p_scope AND b.win = 'm' || v_month),
        (SELECT coalesce(sum(h.amount), 0)::BIGINT FROM state_budget_holds h
            WHERE h.scope = p_scope AND h.expires_at > v_now AND h.month = v_month),
        (SELECT coalesce(sum(b.spent), 0)::BIGINT FROM state_budget_spend b WHERE b.scope = p_scope AND b.win = 't'),
        (SELECT coalesce(sum(h.amount), 0)::BIGINT FROM state_budget_holds h
            WHERE h.scope = p_scope AND h.expires_at > v_now);
END $$;
"""

ACQUIRE = f"""
CREATE OR REPLACE FUNCTION state_acquire(
    p_id TEXT, p_scopes TEXT[], p_rpm BIGINT[], p_tpm BIGINT[], p_tokens BIGINT, p_now DOUBLE PRECISION
) RETURNS TABLE (ok BOOLEAN, idx INTEGER, kind TEXT, lim BIGINT, used BIGINT, retry DOUBLE PRECISION,
                 at DOUBLE PRECISION)
LANGUAGE plpgsql AS $$
DECLARE
    v_now DOUBLE PRECISION := {_NOW};
    v_n INTEGER := coalesce(array_length(p_scopes, 1), 0);
    v_gone_n BIGINT; v_gone_t BIGINT; v_count BIGINT; v_sum BIGINT; v_retry DOUBLE PRECISION;
BEGIN
    INSERT INTO state_rate_scopes AS q (scope) SELECT DISTINCT s FROM unnest(p_scopes) s ORDER BY 1
        ON CONFLICT DO NOTHING;
    PERFORM 1 FROM state_rate_scopes q WHERE q.scope = ANY(p_scopes) ORDER BY q.scope FOR UPDATE;
    FOR i IN 1 .. v_n LOOP
        WITH gone AS (
            DELETE FROM state_rate_log l WHERE l.scope = p_scopes[i] AND l.at <= v_now - 60 RETURNING l.tokens
        ) SELECT count(*), coalesce(sum(gone.tokens), 0) INTO v_gone_n, v_gone_t FROM gone;
        UPDATE state_rate_scopes q SET n = q.n - v_gone_n, tokens = q.tokens - v_gone_t
            WHERE q.scope = p_scopes[i] RETURNING q.n, q.tokens INTO v_count, v_sum;
        IF p_rpm[i] >= 0 AND v_count + 1 > p_rpm[i] THEN
            v_retry := 60;
            IF p_rpm[i] > 0 THEN
                SELECT l.at + 60 - v_now INTO v_retry FROM state_rate_log l WHERE l.scope = p_scopes[i]
                    ORDER BY l.at, l.id OFFSET v_count - p_rpm[i] LIMIT 1;
            END IF;
            RETURN QUERY SELECT false, i - 1, 'rpm'::TEXT, p_rpm[i], v_count, coalesce(v_retry, 60), v_now;
            RETURN;
        END IF;
        IF p_tpm[i] >= 0 AND v_sum + p_tokens > p_tpm[i] THEN
            v_retry := 60;
            IF p_tokens <= p_tpm[i] THEN
                SELECT x.at + 60 - v_now INTO v_retry FROM (
                    SELECT l.at, sum(l.tokens) OVER (ORDER BY l.at, l.id) AS freed
                    FROM state_rate_log l WHERE l.scope = p_scopes[i]
                ) x WHERE x.freed >= v_sum + p_tokens - p_tpm[i] ORDER BY x.at LIMIT 1;
            END IF;
            RETURN QUERY SELECT false, i - 1, 'tpm'::TEXT, p_tpm[i], v_sum, coalesce(v_retry, 60), v_now;
            RETURN;
        END IF;
    END LOOP;
    INSERT INTO state_rate_log SELECT s, p_id, v_now, p_tokens FROM unnest(p_scopes) s;
    UPDATE state_rate_scopes q SET n = q.n + 1, tokens = q.tokens + p_tokens WHERE q.scope = ANY(p_scopes);
    RETURN QUERY SELECT true, NULL::INTEGER, NULL::TEXT, NULL::BIGINT, NULL::BIGINT, NULL::DOUBLE PRECISION, v_now;
END $$;
"""

SETTLE_TOKENS = """
CREATE OR REPLACE FUNCTION state_settle_tokens(p_id TEXT, p_scopes TEXT[], p_tokens BIGINT) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
    v_old BIGINT;
BEGIN
    PERFORM 1 FROM state_rate_scopes q WHERE q.scope = ANY(p_scopes) ORDER BY q.scope FOR UPDATE;
    FOR i IN 1 .. coalesce(array_length(p_scopes, 1), 0) LOOP
        SELECT l.tokens INTO v_old FROM state_rate_log l WHERE l.scope = p_scopes[i] AND l.id = p_id;
        IF FOUND THEN
            UPDATE state_rate_log l SET tokens = p_tokens WHERE l.scope = p_scopes[i] AND l.id = p_id;
            UPDATE state_rate_scopes q SET tokens = q.tokens + p_tokens - v_old WHERE q.scope = p_scopes[i];
        END IF;
    END LOOP;
END $$;
"""

SCHEMA = (TABLES, RESERVE, FINISH, SPENT, ACQUIRE, SETTLE_TOKENS)

#: requests and tokens a scope counted in the last 60 s ($2: now, NULL for the server's clock); read only
RATE_USAGE = f"""
SELECT count(*)::BIGINT AS n, coalesce(sum(l.tokens), 0)::BIGINT AS t FROM state_rate_log l
WHERE l.scope = $1 AND l.at > {_NOW.replace("p_now", "$2::DOUBLE PRECISION")} - 60
"""
