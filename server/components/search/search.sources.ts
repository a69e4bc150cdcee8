// What search indexes: nodes, sections (of nodes and of person pages), people and comments.
// Feedback and 1:1 notes are never indexed.
import type { FullTextSource } from '../../db/fulltext-index.js';

export const nodeSource: FullTextSource = { name: 'nodes', table: 'org_nodes', title: ['name'], body: ['description'] };
export const sectionSource: FullTextSource = { name: 'sections', table: 'sections', title: ['title'], body: ['body'] };
export const personSource: FullTextSource = { name: 'people', table: 'users', title: ['first_name', 'last_name'], body: ['title', 'bio'] };
export const commentSource: FullTextSource = { name: 'comments', table: 'comments', title: [], body: ['body'] };

export const searchSources = [nodeSource, sectionSource, personSource, commentSource];
