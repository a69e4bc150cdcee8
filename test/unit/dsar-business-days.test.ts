import assert from 'node:assert/strict';
import { BusinessCalendar } from '../../server/components/dsar/business-days.js';
import { dsarConfig } from '../../server/components/dsar/dsar.config.js';

const calendar = (over: Record<string, unknown> = {}) => new BusinessCalendar(dsarConfig.parse(over));

describe('business days of data subject requests', () => {
  it('when only weekends are skipped, then 20 business days from a Monday is the Monday four weeks later', () => {
    // 2026-03-02 is a Monday; no country: weekends only.
    assert.equal(calendar().addBusinessDays('2026-03-02', 20), '2026-03-30');
  });

  it('when a request arrives on a Saturday, then counting starts on the Monday', () => {
    // 2026-03-07 is a Saturday: Monday 9th is business day 1, ... Friday 3rd April is day 20.
    assert.equal(calendar().addBusinessDays('2026-03-07', 20), '2026-04-03');
    assert.equal(calendar().addBusinessDays('2026-03-07', 1), '2026-03-09');
  });

  it('when the country has public holidays in the window, then they are skipped (France, May 2026)', () => {
    // May 2026 in France: 1st (Fri, Labour day), 8th (Fri, Victory), 14th (Thu, Ascension), 25th (Mon, Whit Monday).
    const fr = calendar({ country: 'FR' });
    assert.equal(fr.closedReason('2026-05-01'), 'Fête du travail');
    assert.equal(calendar().addBusinessDays('2026-04-30', 20), '2026-05-28');
    assert.equal(fr.addBusinessDays('2026-04-30', 20), '2026-06-03');
  });

  it('when the region has its own holidays, then they are skipped too (Bavaria, Epiphany)', () => {
    const de = calendar({ country: 'DE' });
    const by = calendar({ country: 'DE', region: 'BY' });
    assert.ok(de.isBusinessDay('2026-01-06'));
    assert.ok(!by.isBusinessDay('2026-01-06'));
    assert.equal(by.addBusinessDays('2026-01-05', 1), '2026-01-07');
  });

  it('when the window crosses a year end, then both years\' holidays and extra closing days are skipped', () => {
    // Received Thursday 2026-12-17 in France: Christmas (Fri 25th) and New Year (Fri 1st) are holidays;
    // 2026-12-24 and 2026-12-31 are extra closing days from config.
    const fr = calendar({ country: 'FR', extraHolidays: ['2026-12-24', '2026-12-31'] });
    assert.equal(fr.closedReason('2026-12-24'), 'extra closing day');
    assert.equal(fr.closedReason('2027-01-01'), 'Nouvel An');
    // Business days: Dec 18, 21, 22, 23, 28, 29, 30 (7), Jan 4..8 (12), 11..15 (17), 18, 19, 20 (20).
    assert.equal(fr.addBusinessDays('2026-12-17', 20), '2027-01-20');
    assert.equal(calendar().addBusinessDays('2026-12-17', 20), '2027-01-14');
  });

  it('when counting days left, then the due day is 0, earlier days are positive and later ones negative', () => {
    const c = calendar();
    assert.equal(c.businessDaysBetween('2026-03-30', '2026-03-30'), 0);
    assert.equal(c.businessDaysBetween('2026-03-27', '2026-03-30'), 1); // Friday -> Monday
    assert.equal(c.businessDaysBetween('2026-03-23', '2026-03-30'), 5);
    assert.equal(c.businessDaysBetween('2026-03-31', '2026-03-30'), -1);
    assert.equal(c.businessDaysBetween('2026-04-06', '2026-03-30'), -5);
    // Past a Friday due date on the Saturday: overdue, though no business day has passed yet.
    assert.equal(c.businessDaysBetween('2026-04-04', '2026-04-03'), -1);
  });

  it('when an instant is late in the evening, then its day is the configured time zone\'s', () => {
    const at = Date.parse('2026-03-06T23:30:00Z');
    assert.equal(calendar().dayOf(at), '2026-03-06');
    assert.equal(calendar({ timeZone: 'Europe/Paris' }).dayOf(at), '2026-03-07');
  });

  it('when the config names an unknown country, region or time zone, then it is refused with the reason', () => {
    const issues = (over: Record<string, unknown>) => {
      const r = dsarConfig.safeParse(over);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    assert.match(issues({ country: 'XX' }).join(), /country: not a country known/);
    assert.match(issues({ country: 'DE', region: 'ZZ' }).join(), /region: not a region of DE/);
    assert.match(issues({ region: 'BY' }).join(), /region: a region needs a country/);
    assert.match(issues({ timeZone: 'Mars/Base' }).join(), /timeZone: not an IANA time zone/);
    assert.match(issues({ extraHolidays: ['24/12/2026'] }).join(), /extraHolidays.0: use YYYY-MM-DD/);
  });
});
