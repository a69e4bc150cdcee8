// The words the demo organization is made of: names, units, products and section texts that read
// like a real company's. Plain data; demo.seed.ts draws from it with a seeded generator.

export const firstNames = [
  'Ada', 'Alan', 'Amara', 'Anika', 'Arjun', 'Beatriz', 'Bilal', 'Camille', 'Chen', 'Chloé', 'Dario', 'Dmitri', 'Elena', 'Emeka', 'Farah', 'Felix',
  'Gabriel', 'Grace', 'Hana', 'Hugo', 'Ines', 'Isaac', 'Jamal', 'Jana', 'Jonas', 'Kai', 'Keiko', 'Lars', 'Leila', 'Lucia', 'Malik', 'Marta',
  'Mateo', 'Maya', 'Nadia', 'Nico', 'Noor', 'Olga', 'Omar', 'Paula', 'Priya', 'Quentin', 'Rafael', 'Rosa', 'Sami', 'Sofia', 'Tariq', 'Thea',
  'Tomás', 'Uma', 'Victor', 'Wen', 'Xavier', 'Yara', 'Yusuf', 'Zoé',
];

export const lastNames = [
  'Abbott', 'Adeyemi', 'Bauer', 'Bernard', 'Castillo', 'Chopra', 'Da Silva', 'Dubois', 'Eriksen', 'Fischer', 'Fontaine', 'García', 'Haddad', 'Hansen',
  'Ibrahim', 'Ivanova', 'Jensen', 'Kim', 'Kowalski', 'Laurent', 'Lindqvist', 'Martin', 'Moreau', 'Nakamura', 'Nguyen', 'Novak', 'Okafor', 'Olsen',
  'Patel', 'Petit', 'Quinn', 'Rossi', 'Santos', 'Schmidt', 'Singh', 'Tanaka', 'Torres', 'Ueda', 'Varga', 'Wagner', 'Wójcik', 'Yilmaz', 'Zhang',
];

export const titles = {
  lead: ['Engineering Manager', 'Head of Design', 'Team Lead', 'Product Lead', 'Director', 'Principal Engineer'],
  member: ['Software Engineer', 'Senior Software Engineer', 'Product Designer', 'Data Analyst', 'QA Engineer', 'Account Executive', 'Customer Success Manager', 'Recruiter', 'Financial Analyst', 'Site Reliability Engineer', 'UX Researcher', 'Marketing Manager'],
};

export const departments = ['Engineering', 'Product', 'Design', 'Sales', 'Marketing', 'Customer Success', 'People', 'Finance', 'Legal', 'Operations', 'Data', 'Security'];
export const departmentUnits = ['Platform', 'Growth', 'Enterprise', 'EMEA', 'Americas', 'APAC', 'Core', 'Research', 'Partnerships', 'Analytics'];
export const teamWords = ['Atlas', 'Beacon', 'Compass', 'Delta', 'Ember', 'Falcon', 'Glacier', 'Harbor', 'Ion', 'Juniper', 'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Orbit', 'Pulse', 'Quartz', 'Relay', 'Summit', 'Tide', 'Umbra', 'Vector', 'Willow', 'Zenith'];
export const teamKinds = ['Payments', 'Checkout', 'Search', 'Onboarding', 'Billing', 'Identity', 'Mobile', 'Reporting', 'Integrations', 'Infrastructure', 'Notifications', 'Pricing', 'Catalogue', 'Messaging', 'Observability'];
export const productWords = ['Ledger', 'Pilot', 'Insights', 'Connect', 'Studio', 'Flow', 'Vault', 'Pulse', 'Hub', 'Signal', 'Canvas', 'Scout'];
export const projectWords = ['Migration to PostgreSQL 16', 'New onboarding journey', 'SOC 2 Type II audit', 'Pricing page redesign', 'Data warehouse consolidation', 'Mobile offline mode', 'Accessibility review', 'EU data residency', 'Partner API v2', 'Quarterly business review tooling'];
export const offices = ['Paris', 'Lyon', 'Berlin', 'Lisbon', 'London', 'Montréal', 'New York', 'Singapore', 'Nairobi', 'São Paulo', 'Tokyo', 'Remote'];
export const values = ['Candour', 'Ownership', 'Craft', 'Customer first', 'Learn in public'];

export const purposes = [
  'We make it effortless for {{customers}} to {{outcome}}, so that they can focus on their own work.',
  'Our purpose is to give {{customers}} a reliable way to {{outcome}}, and to keep raising the bar on quality.',
  '{{name}} exists so that {{customers}} can {{outcome}} without thinking about it.',
];
export const customers = ['small businesses', 'finance teams', 'our enterprise customers', 'every employee', 'our partners', 'developers'];
export const outcomes = ['get paid on time', 'find what they need in seconds', 'trust their numbers', 'onboard new colleagues in a day', 'ship safely every day', 'understand their customers'];

export const goals = [
  '## This quarter\n- Reduce p95 latency of the main flow below **300 ms**\n- Ship the {{project}} milestone by the end of the month\n- Hire two engineers and onboard them within four weeks',
  '## Objectives\n1. Raise customer satisfaction to **4.6/5**\n2. Cut the support backlog by half\n3. Document every runbook we rely on\n\nProgress is reviewed every other Monday.',
  '## Goals for the half\n- Launch {{product}} in two new markets\n- Grow weekly active teams by **15%**\n- Keep incidents of severity 1 at zero',
];
export const responsibilities = [
  '- Own the roadmap and delivery of {{product}}\n- Run the on-call rotation for our services\n- Answer questions from other teams within one working day',
  '- Keep our services available (99.9% monthly)\n- Review every change that touches billing\n- Mentor new joiners during their first month',
  '- Talk to at least five customers a month\n- Maintain the team page and its goals\n- Prepare the quarterly review for leadership',
];
export const processes = [
  '## How we work\n- Planning every second Monday, 30 minutes\n- Daily check-in in the team channel by 10:00\n- Retrospective at the end of each cycle\n\nDecisions are written down in the decision log.',
  '## Rituals\n- Weekly demo on Friday afternoon\n- Incident reviews are blameless and shared within 48 hours\n- Requests go through the intake form, triaged on Tuesdays',
];
export const valuesBodies = [
  '- **Candour**: say what you think, kindly and early\n- **Ownership**: finish what you start, or hand it over clearly\n- **Craft**: leave the code and the docs better than you found them\n- **Customer first**: every decision starts from a real need\n- **Learn in public**: share what went wrong as readily as what went right',
];
export const customSections = [
  { title: 'Onboarding checklist', body: '1. Read the team page and the last three retrospectives\n2. Pair with a buddy for your first week\n3. Ship a small change before your first Friday' },
  { title: 'Rituals and calendar', body: 'Team lunch on Thursdays. Quarterly offsite in {{office}}. Focus time: no meetings on Wednesday mornings.' },
  { title: 'Tools we use', body: '- Issue tracker for all work\n- Dashboards for service health\n- The shared drive for specs and decisions' },
  { title: 'Budget and headcount', body: 'Approved headcount: **{{n}}** this year. Travel budget is reviewed monthly with Finance. Figures are confidential.', restricted: true },
  { title: 'Hiring plan', body: 'Open roles: {{n}}. Interview loop: screening, technical exercise, team conversation. Offers within five days.', restricted: true },
  { title: 'Risks and mitigations', body: '- Key-person risk on billing: pairing and docs\n- Vendor contract renewal in Q3: start talks early', restricted: true },
];
/**
 * A person's own sections. Each is drawn from a pool (items picked, or one text chosen) and filled
 * with the person's product and office, so that a directory of hundreds does not read the same text
 * on every page: `count` distinct items, joined as a Markdown list (`list`), as one sentence
 * (`sentence`: "Chess, pottery and sailing."), or as a paragraph of whole sentences (`sentences`).
 */
export interface PersonSectionPool {
  kind: 'goals' | 'responsibilities' | 'custom';
  title?: string;
  compose: 'list' | 'sentence' | 'sentences';
  count?: number;
  items: string[];
}
export const personSections: PersonSectionPool[] = [
  {
    kind: 'goals',
    compose: 'list',
    count: 3,
    items: [
      'Grow into a lead role this year', 'Give a talk at an internal tech day', 'Finish the data course', 'Mentor a new joiner through their first quarter',
      'Own the {{project}} workstream end to end', 'Write the runbook for {{product}}', 'Improve my written proposals', 'Run a customer interview every month',
      'Halve the build time of {{product}}', 'Learn to facilitate retrospectives', 'Spend a week with the support team', 'Present our results at the quarterly review',
    ],
  },
  {
    kind: 'responsibilities',
    compose: 'list',
    count: 3,
    items: [
      'Reviewer for the {{product}} code', 'Buddy for new joiners', 'Keeps the team wiki tidy', 'On call for {{product}} one week in six', 'Runs the weekly demo',
      'Writes the release notes', 'First contact for visitors to the {{office}} office', 'Owns the dashboards of {{product}}', 'Interviews candidates for the team',
      'Triage of incoming requests on Tuesdays', 'Keeps the test suite green', 'Organises the team offsite', 'Security champion of the team', 'Answers the partner questions about {{product}}',
    ],
  },
  {
    kind: 'custom',
    title: 'Hobbies',
    compose: 'sentence',
    count: 3,
    items: [
      'climbing', 'baking sourdough', 'long walks with the dog', 'choir singing', 'chess', 'trail running', 'pottery', 'board games', 'cycling to work', 'gardening',
      'film photography', 'salsa', 'bird watching', 'cooking for friends', 'sailing', 'knitting', 'jazz piano', 'five-a-side football', 'science fiction', 'swimming in the lake',
    ],
  },
  {
    kind: 'custom',
    title: 'Bookshelf',
    compose: 'list',
    count: 3,
    items: [
      '*Accelerate*', '*Thinking in Systems*', "*The Manager's Path*", '*Thinking, Fast and Slow*', '*The Design of Everyday Things*', '*An Elegant Puzzle*',
      '*Team Topologies*', '*Radical Candor*', '*Designing Data-Intensive Applications*', '*The Mom Test*', '*Good Strategy Bad Strategy*', '*Inspired*',
      '*Range*', '*The Phoenix Project*', '*Working Backwards*', '*Drive*',
    ],
  },
  {
    kind: 'custom',
    title: 'How to work with me',
    compose: 'sentences',
    count: 3,
    items: [
      'I prefer written questions first and answer within the day.',
      'Mornings are my focus time.',
      'Grab me for a quick call any time after 11:00.',
      'For anything bigger, a short doc helps me prepare.',
      'I work from {{office}} and keep Fridays free of meetings.',
      'Tag me in the team channel rather than in direct messages.',
      'Tell me early when something is off, even half-formed.',
      'I think best at a whiteboard.',
      'I am in two time zones most weeks: I answer before the end of your day.',
      'I like decisions written down with their reasons.',
    ],
  },
  {
    kind: 'custom',
    title: 'Currently learning',
    compose: 'sentence',
    count: 3,
    items: [
      'Rust', 'Portuguese', 'Spanish', 'SQL window functions', 'public speaking', 'Kubernetes', 'statistics', 'Figma', 'Japanese', 'negotiation', 'TypeScript',
      'product discovery', 'German', 'sketching', 'Go', 'facilitation', 'the guitar', 'data visualisation',
    ],
  },
  {
    kind: 'custom',
    title: 'Ask me about',
    compose: 'sentence',
    count: 3,
    items: ['{{product}}', 'our billing system', 'hiring loops', 'the best coffee near the {{office}} office', 'incident reviews', 'the data warehouse', 'customer interviews', 'accessibility', 'the {{project}} project', 'pricing experiments', 'our design system', 'on-call survival tips', 'moving to {{office}}', 'SQL performance'],
  },
  {
    kind: 'custom',
    title: 'Proud of',
    compose: 'sentences',
    count: 2,
    items: [
      'Shipping the accessibility improvements and mentoring a junior colleague through their first on-call.',
      'Bringing the {{product}} support backlog from three weeks to two days.',
      'Leading the {{project}} kick-off with three teams in two time zones.',
      'The onboarding guide that new joiners still use.',
      'Our first customer conference talk, from {{office}}.',
      'Cutting the release checklist from forty steps to twelve.',
      'Helping two colleagues into their first lead roles.',
      'Zero severity-1 incidents on {{product}} for a whole year.',
      'Moving the team from quarterly to weekly releases.',
      'The customer interview programme, now run by four teams.',
      'Migrating {{product}} to the new platform without a minute of downtime.',
      'Starting the {{office}} book club, now in its third year.',
      'Writing the incident playbook that {{product}} still follows.',
      'Our team page, which three other teams copied.',
    ],
  },
];
