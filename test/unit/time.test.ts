// web/time.ts: one way to show time on every page.
import assert from 'node:assert/strict';
import { dayTag, formatDateTime, isTimeZone, readerToday, relativeTime, timeOfDayIn, timeTag, timeZones } from '../../server/web/time.js';

const now = Date.UTC(2026, 11, 6, 12, 0, 0);
const reader = (lang: string, timeZone: string | null) => ({ lang, user: timeZone === undefined ? undefined : ({ timeZone } as never) }) as never;

describe('time on pages', () => {
  it('when an event is recent, then it reads relative in the reader\'s language; past a week, undefined (the date is shown)', () => {
    assert.equal(relativeTime('en', now - 3 * 3_600_000, now), '3 hours ago');
    assert.equal(relativeTime('fr', now - 3 * 3_600_000, now), 'il y a 3 heures');
    assert.equal(relativeTime('en', now - 20_000, now), 'now');
    assert.equal(relativeTime('en', now - 86_400_000, now), 'yesterday');
    assert.equal(relativeTime('en', now - 8 * 86_400_000, now), undefined);
  });

  it('when a time is shown, then it is a <time> with ISO 8601 in datetime and the exact time in the reader\'s zone as title', () => {
    const at = now - 2 * 3_600_000;
    const tag = timeTag(reader('en', 'America/New_York'), at, now).toString();
    assert.equal(tag, `<time datetime="2026-12-06T10:00:00.000Z" title="${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/New_York' }).format(at)}">2 hours ago</time>`);
    assert.match(formatDateTime(reader('en', 'America/New_York'), at), /5:00\s?AM/);
    assert.match(formatDateTime(reader('en', null), at), /10:00\s?AM/, 'no zone: UTC');
    assert.match(formatDateTime(reader('en', 'Not/AZone'), at), /10:00\s?AM/, 'an unknown stored zone: UTC');
    const old = timeTag(reader('fr', 'Europe/Paris'), Date.UTC(2026, 0, 31, 23, 30), now).toString();
    assert.match(old, />1 févr\. 2026, 00:30</, 'old events show the date and time in the zone');
    assert.match(dayTag(reader('en', 'Pacific/Honolulu'), Date.UTC(2026, 4, 1)).toString(), /datetime="2026-05-01">May 1, 2026</, 'a calendar day does not shift with the zone');
  });

  it('when a zone is checked, then IANA names and UTC pass and anything else does not', () => {
    assert.ok(isTimeZone('Europe/Paris') && isTimeZone('UTC') && isTimeZone('Asia/Kolkata'));
    assert.ok(!isTimeZone('Mars/Olympus') && !isTimeZone('') && !isTimeZone(undefined) && !isTimeZone('europe/paris '));
    assert.ok(timeZones.length > 300);
  });

  it('when it is already tomorrow in the reader\'s zone, then their today is tomorrow (the 1:1 form\'s date and Home\'s next 1:1s); behind UTC, still yesterday', () => {
    const lateUtc = Date.UTC(2026, 11, 6, 23, 30);
    assert.deepEqual(readerToday(reader('en', 'Asia/Tokyo'), lateUtc), { day: '2026-12-07', ms: Date.UTC(2026, 11, 7) });
    assert.deepEqual(readerToday(reader('en', null), lateUtc), { day: '2026-12-06', ms: Date.UTC(2026, 11, 6) }, 'no zone: UTC');
    assert.deepEqual(readerToday(reader('en', 'Pacific/Honolulu'), Date.UTC(2026, 11, 7, 5, 0)), { day: '2026-12-06', ms: Date.UTC(2026, 11, 6) });
  });

  it('when a person page shows a colleague\'s local time, then it is the time now in their zone in the reader\'s language, and nothing for an unknown zone', () => {
    const at = Date.UTC(2026, 11, 6, 12, 34, 56);
    assert.equal(timeOfDayIn('fr', 'Asia/Tokyo', at), '21:34');
    assert.match(timeOfDayIn('en', 'America/New_York', at) ?? '', /^7:34\sAM$/);
    assert.equal(timeOfDayIn('en', 'Not/AZone', at), undefined);
    assert.equal(timeOfDayIn('en', null, at), undefined);
  });
});
