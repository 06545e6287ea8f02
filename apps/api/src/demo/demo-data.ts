/** Fictional demo data for Region Jämtland Härjedalen. Distances are one way by road to Östersunds sjukhus. */
export const DEMO_REGION = { code: 'JH', name: 'Region Jämtland Härjedalen' };

export const DEMO_CLINIC = { name: 'Reumatologkliniken', hospitalName: 'Östersunds sjukhus', specialty: 'rheumatology' };

export const DEMO_HEALTH_CENTRES = [
  // Telephone numbers and addresses are fictional; every patient notice names how to reach the centre (issue 22).
  {
    name: 'Funäsdalen hälsocentral',
    municipality: 'Härjedalen',
    roadDistanceKm: 176,
    travelMinutes: 150,
    phone: '0684-100 00',
    address: 'Vårdvägen 1, 840 95 Funäsdalen',
  },
  {
    name: 'Sveg hälsocentral',
    municipality: 'Härjedalen',
    roadDistanceKm: 196,
    travelMinutes: 160,
    phone: '0680-100 00',
    address: 'Vårdvägen 2, 842 32 Sveg',
  },
  {
    name: 'Hede hälsocentral',
    municipality: 'Härjedalen',
    roadDistanceKm: 138,
    travelMinutes: 115,
    phone: '0684-200 00',
    address: 'Vårdvägen 3, 840 80 Hede',
  },
  {
    name: 'Strömsund hälsocentral',
    municipality: 'Strömsund',
    roadDistanceKm: 104,
    travelMinutes: 85,
    phone: '0670-100 00',
    address: 'Vårdvägen 4, 833 35 Strömsund',
  },
  {
    name: 'Hammarstrand hälsocentral',
    municipality: 'Ragunda',
    roadDistanceKm: 96,
    travelMinutes: 80,
    phone: '0696-100 00',
    address: 'Vårdvägen 5, 840 70 Hammarstrand',
  },
  {
    name: 'Järpen hälsocentral',
    municipality: 'Åre',
    roadDistanceKm: 64,
    travelMinutes: 55,
    phone: '0647-100 00',
    address: 'Vårdvägen 6, 837 31 Järpen',
  },
  {
    name: 'Östersund city hälsocentral',
    municipality: 'Östersund',
    roadDistanceKm: 2,
    travelMinutes: 5,
    phone: '063-100 00',
    address: 'Vårdvägen 7, 831 30 Östersund',
  },
] as const;

/** Road distances between neighbouring centres (km), for pathways that let patients travel to one. */
export const DEMO_NEIGHBOURS = [
  ['Funäsdalen hälsocentral', 'Hede hälsocentral', 55],
  ['Hede hälsocentral', 'Sveg hälsocentral', 76],
  ['Strömsund hälsocentral', 'Hammarstrand hälsocentral', 72],
  ['Järpen hälsocentral', 'Östersund city hälsocentral', 62],
] as const;

export const DEMO_USERS = [
  { username: 'nurse', displayName: 'Anna Nilsson', role: 'nurse', centre: 'Funäsdalen hälsocentral' },
  { username: 'specialist', displayName: 'Erik Lindqvist', role: 'specialist' },
  { username: 'admin', displayName: 'Maria Ek', role: 'admin' },
  { username: 'nurse.sveg', displayName: 'Karin Olsson', role: 'nurse', centre: 'Sveg hälsocentral' },
  { username: 'nurse.stromsund', displayName: 'Lena Berg', role: 'nurse', centre: 'Strömsund hälsocentral' },
] as const;

/** Birth date + serial; the check digit is computed, so every number is valid and none is a real person's on purpose. */
export const DEMO_PATIENTS = [
  { born: '19580314', serial: '238', name: 'Ingrid Persson', centre: 'Funäsdalen hälsocentral', phone: '070-123 45 01' },
  { born: '19710902', serial: '457', name: 'Lars Jonsson', centre: 'Funäsdalen hälsocentral', phone: '070-123 45 02' },
  { born: '19860127', serial: '324', name: 'Sara Mattsson', centre: 'Funäsdalen hälsocentral', phone: null },
  { born: '19490611', serial: '871', name: 'Gunnar Eriksson', centre: 'Funäsdalen hälsocentral', phone: '070-123 45 04' },
  { born: '19640818', serial: '542', name: 'Birgitta Holm', centre: 'Sveg hälsocentral', phone: '070-123 45 05' },
  { born: '19920405', serial: '119', name: 'Johan Åkesson', centre: 'Sveg hälsocentral', phone: null },
  { born: '19551120', serial: '683', name: 'Margareta Lund', centre: 'Strömsund hälsocentral', phone: '070-123 45 07' },
  { born: '19780730', serial: '215', name: 'Peter Sjöberg', centre: 'Järpen hälsocentral', phone: '070-123 45 08' },
] as const;

/**
 * A neighbouring region that lends 40 % of a rheumatologist to Jämtland Härjedalen for the two
 * centres nearest to it, under an agreement with prices (fictional figures).
 */
export const DEMO_PARTNER = {
  region: { code: 'Y', name: 'Region Västernorrland' },
  clinic: { name: 'Reumatologmottagningen', hospitalName: 'Sundsvalls sjukhus', specialty: 'rheumatology' },
  centre: { name: 'Ånge hälsocentral', municipality: 'Ånge', roadDistanceKm: 110, travelMinutes: 90 },
  users: [
    { username: 'specialist.y', displayName: 'Sofia Hedlund', role: 'specialist' },
    { username: 'admin.y', displayName: 'Olof Norberg', role: 'admin' },
  ],
  agreement: {
    title: 'Reumatologi på distans från Sundsvall',
    capacityShare: 0.4,
    centres: ['Strömsund hälsocentral', 'Hammarstrand hälsocentral'],
    prices: { remoteVisit: 1850, onsiteDay: 14500, noShow: 650 },
  },
} as const;
