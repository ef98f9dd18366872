/** Word banks for review-like sample texts: product kinds and the features reviewers talk about, per category. */
export interface CategoryVocabulary {
  category: string;
  kinds: readonly string[];
  features: readonly string[];
}

export const CATEGORIES: readonly CategoryVocabulary[] = [
  {
    category: 'Electronics',
    kinds: ['headphones', 'e-reader', 'tablet', 'charger', 'speaker', 'smartwatch', 'keyboard', 'webcam', 'power bank'],
    features: ['battery life', 'screen', 'sound quality', 'charging port', 'bluetooth connection', 'buttons', 'app', 'cable'],
  },
  {
    category: 'Home & Kitchen',
    kinds: ['blender', 'coffee maker', 'knife set', 'frying pan', 'kettle', 'toaster', 'storage box', 'vacuum cleaner'],
    features: ['lid', 'handle', 'blade', 'non-stick coating', 'motor', 'power cord', 'filter', 'finish'],
  },
  {
    category: 'Beauty',
    kinds: ['face cream', 'shampoo', 'hair dryer', 'perfume', 'lipstick', 'serum', 'electric toothbrush'],
    features: ['scent', 'texture', 'packaging', 'pump', 'nozzle', 'bristles', 'colour'],
  },
  {
    category: 'Toys & Games',
    kinds: ['board game', 'puzzle', 'building set', 'remote control car', 'doll', 'card game'],
    features: ['pieces', 'instructions', 'box', 'remote', 'batteries', 'rules'],
  },
  {
    category: 'Sports & Outdoors',
    kinds: ['yoga mat', 'water bottle', 'tent', 'running shoes', 'backpack', 'bike light', 'dumbbell set'],
    features: ['zipper', 'straps', 'grip', 'stitching', 'sole', 'seal', 'material'],
  },
  {
    category: 'Clothing',
    kinds: ['jacket', 't-shirt', 'jeans', 'sweater', 'rain coat', 'socks'],
    features: ['fit', 'fabric', 'seams', 'buttons', 'colour', 'sizing'],
  },
  {
    category: 'Tools',
    kinds: ['drill', 'screwdriver set', 'tape measure', 'workbench', 'saw', 'glue gun'],
    features: ['chuck', 'battery', 'trigger', 'case', 'bits', 'grip'],
  },
];

export const POSITIVE_ADJECTIVES = ['great', 'excellent', 'solid', 'sturdy', 'reliable', 'fantastic', 'well made', 'comfortable', 'perfect'];
export const NEGATIVE_ADJECTIVES = ['flimsy', 'cheap', 'disappointing', 'useless', 'faulty', 'poorly made', 'awkward', 'noisy'];
export const PEOPLE = ['my wife', 'my husband', 'my son', 'my daughter', 'my mom', 'a friend', 'my kids', 'my partner'];
export const SIGN_OFFS = ['Would recommend.', 'Five stars from me.', 'Not buying again.', 'Do not waste your money.', 'Happy customer.', 'Thanks!'];
