// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IBatteryInterface} from "./interfaces/IBatteryInterface.sol";
import {IBatteryProcess} from "./interfaces/IBatteryProcess.sol";
import {IBalanceProcess} from "./interfaces/IBalanceProcess.sol";
import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    PassportInfo,
    ConditionReading,
    LifeStatus,
    Role,
    Operation,
    SwapStatus,
    SwapRequest,
    HoldTerms,
    BatteryHold,
    ForfeitTo,
    Units
} from "./interfaces/BatteryTypes.sol";
import {BatteryPricing} from "./BatteryPricing.sol";

/// @title BatteryInterface
/// @notice The paper's API for EV owners, station operators and the super account. See {IBatteryInterface}.
/// @dev Calls may come relayed through the trusted ERC-2771 forwarder, so every check uses `_msgSender()`.
contract BatteryInterface is IBatteryInterface, AccessControl, ERC2771Context {
    using SafeCast for uint256;
    using SafeCast for int256;

    /// @notice The super account: registers accounts, grants E-coin, sets fees and prices, pauses.
    bytes32 public constant SUPER_ROLE = keccak256("SUPER_ROLE");

    /// @dev Everything a user operation reads besides its battery, packed so it costs one cold read.
    struct Config {
        bool paused;
        uint32 energyPricePerKWh;
        uint32 feeRegisterBattery;
        uint32 feeCharge;
        uint32 feeDischarge;
        uint32 feeRecycle;
        uint32 feeSwap;
    }

    /// @dev One slot: every user operation reads it for the caller, so the suspension flag costs no extra read.
    struct Account {
        Role role;
        uint32 unit;
        bool suspended;
    }

    /// @dev A swap request as stored: one slot (docs/storage.md). The EV owner is kept as its EV's unit (an
    /// account and its unit are bound for good at registration, so `_unitAccounts` gives the owner back); the
    /// fee in 32 bits, as the config keeps fees; the difference in 88 bits (prices are below 2^65, see
    /// `_quote`); and the escrow not at all, since it is always max(difference, 0) + fee.
    struct Swap {
        uint32 evUnit;
        uint32 evBatteryId;
        uint32 stationBatteryId;
        uint32 stationUnit;
        SwapStatus status;
        uint32 fee;
        int88 difference;
    }

    /// @dev A hold as stored: one slot. The EV owner is kept as its unit, as for swaps. Holds last minutes, so the
    /// few seconds a block's timestamp may drift change nothing that matters: the comparisons of `until` with
    /// `block.timestamp` are marked for forge-lint.
    struct Hold {
        uint32 evUnit;
        uint32 stationUnit;
        uint40 until;
        uint32 fee;
        ForfeitTo forfeitTo;
    }

    IBatteryProcess private immutable _batteries;
    IBalanceProcess private immutable _ecoin;

    Config private _config;
    address public treasury;
    uint32 public swapCount;
    mapping(address account => Account) private _accounts;
    mapping(uint32 unit => address account) private _unitAccounts;
    mapping(uint32 swapId => Swap) private _swaps;
    HoldTerms private _holdTerms;
    mapping(uint32 batteryId => Hold) private _holds;
    mapping(uint32 evUnit => uint32 batteryId) private _heldBy;

    constructor(address trustedForwarder, IBatteryProcess batteries, IBalanceProcess ecoin, address superAccount)
        ERC2771Context(trustedForwarder)
    {
        if (superAccount == address(0)) revert BatteryInterfaceNotSuperAccount(address(0));
        _batteries = batteries;
        _ecoin = ecoin;
        _grantRole(DEFAULT_ADMIN_ROLE, superAccount);
        _grantRole(SUPER_ROLE, superAccount);
        treasury = superAccount;
        emit TreasurySet(superAccount);
        // Fifteen minutes: long enough to drive to a nearby station, short enough not to idle a battery.
        _holdTerms.duration = 15 minutes;
    }

    modifier onlySuper() {
        if (!hasRole(SUPER_ROLE, _msgSender())) revert BatteryInterfaceNotSuperAccount(_msgSender());
        _;
    }

    // ---------------------------------------------------------------- super account

    /// @inheritdoc IBatteryInterface
    function registerEVOwner(address account, uint32 evId) external onlySuper {
        if (evId == 0 || Units.isStation(evId)) revert BatteryInterfaceInvalidUnit(evId);
        _register(account, Role.EVOwner, Units.ev(evId));
    }

    /// @inheritdoc IBatteryInterface
    function registerStationOperator(address account, uint32 stationId) external onlySuper {
        if (stationId == 0 || Units.isStation(stationId)) revert BatteryInterfaceInvalidUnit(stationId);
        _register(account, Role.StationOperator, Units.station(stationId));
    }

    /// @inheritdoc IBatteryInterface
    function grantECoin(address to, uint256 amount) external onlySuper {
        if (_accounts[to].role == Role.None) revert BatteryInterfaceUnauthorizedAccount(to, Role.EVOwner);
        _ecoin.mint(to, amount);
        emit ECoinGranted(to, amount);
    }

    /// @inheritdoc IBatteryInterface
    function setFee(Operation operation, uint256 fee) external onlySuper {
        uint32 f = fee.toUint32();
        if (operation == Operation.RegisterBattery) _config.feeRegisterBattery = f;
        else if (operation == Operation.Charge) _config.feeCharge = f;
        else if (operation == Operation.Discharge) _config.feeDischarge = f;
        else if (operation == Operation.Recycle) _config.feeRecycle = f;
        else _config.feeSwap = f;
        emit FeeSet(operation, fee);
    }

    /// @inheritdoc IBatteryInterface
    function setEnergyPrice(uint256 pricePerKWh) external onlySuper {
        _config.energyPricePerKWh = pricePerKWh.toUint32();
        emit EnergyPriceSet(pricePerKWh);
    }

    /// @inheritdoc IBatteryInterface
    function setTreasury(address newTreasury) external onlySuper {
        // Fees are E-coin transfers to the treasury, which ERC-20 refuses for address(0): refuse it here, with
        // the same error, rather than at every fee-charging call after.
        if (newTreasury == address(0)) revert IERC20Errors.ERC20InvalidReceiver(address(0));
        treasury = newTreasury;
        emit TreasurySet(newTreasury);
    }

    /// @inheritdoc IBatteryInterface
    function setPaused(bool isPaused) external onlySuper {
        _config.paused = isPaused;
        emit PausedSet(isPaused);
    }

    /// @inheritdoc IBatteryInterface
    function setSuspended(address account, bool suspended) external onlySuper {
        // The flag lives in the account's record, so only a registered account can carry it.
        if (_accounts[account].role == Role.None) revert BatteryInterfaceUnauthorizedAccount(account, Role.EVOwner);
        _accounts[account].suspended = suspended;
        _ecoin.setSuspended(account, suspended);
        emit AccountSuspended(account, suspended);
    }

    /// @inheritdoc IBatteryInterface
    function setHoldTerms(uint32 duration, uint256 fee, ForfeitTo forfeitTo) external onlySuper {
        if (duration < 1 minutes) revert BatteryInterfaceInvalidHoldDuration(duration);
        _holdTerms = HoldTerms(duration, fee.toUint32(), forfeitTo);
        emit HoldTermsSet(duration, fee, forfeitTo);
    }

    // ---------------------------------------------------------------- devices

    /// @inheritdoc IBatteryInterface
    function registerBattery(StaticInfo calldata info, BatteryReading calldata reading, bytes32 tag)
        external
        returns (uint32 batteryId)
    {
        return _registerBattery(info, reading, tag);
    }

    /// @inheritdoc IBatteryInterface
    function registerBatteryWithPassport(
        StaticInfo calldata info,
        BatteryReading calldata reading,
        PassportInfo calldata passport,
        ConditionReading calldata condition,
        bytes32 tag
    ) external returns (uint32 batteryId) {
        batteryId = _registerBattery(info, reading, tag);
        // The first reading fills the condition slot, so every later one rewrites it (5,000 gas, not 22,100).
        _batteries.setPassport(batteryId, passport, condition);
    }

    /// @inheritdoc IBatteryInterface
    function discharge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration) external {
        _discharge(batteryId, energyWh, socPermille, duration);
    }

    /// @inheritdoc IBatteryInterface
    function dischargeWithCondition(
        uint32 batteryId,
        uint32 energyWh,
        uint16 socPermille,
        uint32 duration,
        ConditionReading calldata condition
    ) external {
        _discharge(batteryId, energyWh, socPermille, duration);
        _batteries.recordCondition(batteryId, condition);
    }

    // ---------------------------------------------------------------- station operator

    /// @inheritdoc IBatteryInterface
    function charge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration) external {
        _charge(batteryId, energyWh, socPermille, duration);
    }

    /// @inheritdoc IBatteryInterface
    function chargeWithCondition(
        uint32 batteryId,
        uint32 energyWh,
        uint16 socPermille,
        uint32 duration,
        ConditionReading calldata condition
    ) external {
        _charge(batteryId, energyWh, socPermille, duration);
        _batteries.recordCondition(batteryId, condition);
    }

    /// @inheritdoc IBatteryInterface
    function reportCharging(uint32 batteryId, uint32 energyWh, uint16 socPermille) external {
        _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.StationOperator);
        (address owner, uint32 holder, BatteryStatus status) = _batteries.recordCharging(batteryId, energyWh, socPermille);
        _requireUsable(sender, a, batteryId, owner, holder, status);
    }

    /// @inheritdoc IBatteryInterface
    function recycle(uint32 batteryId) external {
        Config memory c = _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.StationOperator);
        (address owner, uint32 holder, BatteryStatus status) = _batteries.setStatus(batteryId, BatteryStatus.Recycled);
        _requireUsable(sender, a, batteryId, owner, holder, status);
        _chargeFee(sender, c.feeRecycle);
    }

    /// @inheritdoc IBatteryInterface
    function setLifeStatus(uint32 batteryId, LifeStatus status) external {
        _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.StationOperator);
        (address owner, uint32 holder, BatteryStatus batteryStatus) = _batteries.setLifeStatus(batteryId, status);
        _requireUsable(sender, a, batteryId, owner, holder, batteryStatus);
    }

    /// @inheritdoc IBatteryInterface
    function approveSwap(uint32 swapId, uint32 evBatteryId, uint32 stationBatteryId, int256 difference) external {
        _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.StationOperator);
        Swap memory s = _pendingSwapOf(swapId, a.unit, sender, evBatteryId, stationBatteryId, difference);
        _swaps[swapId].status = SwapStatus.Approved;
        (address evOwner, uint32 fee) = (_unitAccounts[s.evUnit], s.fee);
        // A suspended EV owner's batteries and balance stay as they are; a denial (which only unlocks and
        // refunds) is still allowed.
        if (_accounts[evOwner].suspended) revert BatteryInterfaceAccountSuspended(evOwner);

        _batteries.transfer(s.evBatteryId, sender, a.unit);
        _batteries.transfer(s.stationBatteryId, evOwner, s.evUnit);

        // The EV owner's share (max(difference, 0) + fee) sits in escrow here; a negative difference is
        // the station's to pay, and only the station's own approval can make it pay. `difference` equals the
        // stored int88 (checked above), so neither cast nor the negation can wrap.
        if (difference > 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            _ecoin.controllerTransfer(address(this), sender, uint256(difference)); // > 0: no wrap
        } else if (difference < 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            _ecoin.controllerTransfer(sender, evOwner, uint256(-difference)); // < 0: the negation is positive
        }
        if (fee > 0) _ecoin.controllerTransfer(address(this), treasury, fee);
        emit SwapApproved(swapId, sender);
    }

    /// @inheritdoc IBatteryInterface
    function denySwap(uint32 swapId, uint32 evBatteryId, uint32 stationBatteryId, int256 difference) external {
        _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.StationOperator);
        Swap memory s = _pendingSwapOf(swapId, a.unit, sender, evBatteryId, stationBatteryId, difference);
        _swaps[swapId].status = SwapStatus.Denied;
        _unwind(s, _unitAccounts[s.evUnit]);
        emit SwapDenied(swapId, sender);
    }

    // ---------------------------------------------------------------- EV owner

    /// @inheritdoc IBatteryInterface
    function requestSwap(uint32 evBatteryId, uint32 stationBatteryId, uint256 maxCost)
        external
        returns (uint32 swapId)
    {
        Config memory c = _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.EVOwner);
        uint32 stationUnit = _lockPair(sender, a, evBatteryId, stationBatteryId);
        Hold memory h = _holds[stationBatteryId];
        if (h.until != 0) {
            bool mine = h.evUnit == a.unit;
            // Someone else's running hold stops the request; an expired one ends here, as if released.
            // forge-lint: disable-next-line(block-timestamp)
            if (!mine && block.timestamp < h.until) {
                revert BatteryInterfaceBatteryHeld(stationBatteryId, h.evUnit, h.until);
            }
            // forge-lint: disable-next-line(block-timestamp)
            _endHold(stationBatteryId, h, mine && block.timestamp < h.until);
        }

        (int256 difference,, uint256 cost) = _quote(evBatteryId, stationBatteryId, c);
        if (cost > maxCost) revert BatteryInterfaceQuoteExceeded(cost, maxCost);
        // The escrow must fit the uint64 of {SwapRequest}; _escrowOf recomputes it from difference and fee.
        uint64 escrow = cost.toUint64();

        // Cannot overflow in practice (4 billion swaps); a checked add would only revert anyway.
        swapId = ++swapCount;
        _swaps[swapId] = Swap({
            evUnit: a.unit,
            evBatteryId: evBatteryId,
            stationBatteryId: stationBatteryId,
            stationUnit: stationUnit,
            status: SwapStatus.Pending,
            fee: c.feeSwap,
            difference: difference.toInt88()
        });
        if (escrow > 0) _ecoin.controllerTransfer(sender, address(this), escrow);
        emit SwapRequested(swapId, sender, stationUnit, evBatteryId, stationBatteryId, difference, c.feeSwap);
    }

    /// @inheritdoc IBatteryInterface
    function holdBattery(uint32 stationBatteryId) external {
        _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.EVOwner);
        // Checks first: the EV's hold and the battery's must both have run out (the same one, when the EV holds
        // the battery again).
        uint32 previous = _heldBy[a.unit];
        Hold memory p = _holdOrEmpty(previous);
        // forge-lint: disable-next-line(block-timestamp)
        if (previous != 0 && block.timestamp < p.until) revert BatteryInterfaceAlreadyHolding(a.unit, previous);
        Hold memory h = _holds[stationBatteryId];
        bool other = h.until != 0 && stationBatteryId != previous;
        // forge-lint: disable-next-line(block-timestamp)
        if (other && block.timestamp < h.until) revert BatteryInterfaceBatteryHeld(stationBatteryId, h.evUnit, h.until);
        // slither-disable-next-line unused-return
        (, DynamicInfo memory d,, bool exhausted) = _batteries.priceInputsOf(stationBatteryId);
        if (!Units.isStation(d.holder)) revert BatteryInterfaceNotYourBattery(sender, stationBatteryId);
        if (d.status != BatteryStatus.InService) revert BatteryInterfaceBatteryNotInService(stationBatteryId);
        if (exhausted) revert BatteryInterfaceBatteryExhausted(stationBatteryId);

        // Then every write, then the fee transfers: the expired holds' and this one's.
        if (previous != 0) _clearHold(previous, p);
        if (other) _clearHold(stationBatteryId, h);
        HoldTerms memory t = _holdTerms;
        uint40 until = uint40(block.timestamp) + t.duration;
        _holds[stationBatteryId] = Hold(a.unit, d.holder, until, t.fee, t.forfeitTo);
        _heldBy[a.unit] = stationBatteryId;
        if (previous != 0) _payHold(previous, p, false);
        if (other) _payHold(stationBatteryId, h, false);
        if (t.fee > 0) _ecoin.controllerTransfer(sender, address(this), t.fee);
        emit BatteryHeld(stationBatteryId, sender, d.holder, until, t.fee);
    }

    /// @dev Battery `batteryId`'s hold; for 0 (an EV that holds none) an empty hold without reading battery 0's
    /// empty slot, a cold read of 2,100 gas on the usual hold.
    function _holdOrEmpty(uint32 batteryId) private view returns (Hold memory hold) {
        if (batteryId != 0) hold = _holds[batteryId];
    }

    /// @inheritdoc IBatteryInterface
    function releaseHold(uint32 batteryId) external {
        _liveConfig();
        Hold memory h = _holds[batteryId];
        if (h.until == 0) revert BatteryInterfaceNoHold(batteryId);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < h.until && _msgSender() != _unitAccounts[h.evUnit]) {
            revert BatteryInterfaceHoldRunning(batteryId, h.until);
        }
        _endHold(batteryId, h, false);
    }

    /// @inheritdoc IBatteryInterface
    function cancelSwap(uint32 swapId) external {
        _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.EVOwner);
        Swap memory s = _swaps[swapId];
        if (s.status != SwapStatus.Pending) revert BatteryInterfaceSwapNotPending(swapId);
        if (s.evUnit != a.unit) revert BatteryInterfaceNotSwapParty(sender, swapId);
        _swaps[swapId].status = SwapStatus.Cancelled;
        _unwind(s, sender);
        emit SwapCancelled(swapId, sender);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IBatteryInterface
    function accountOf(address account) external view returns (Role role, uint32 unit) {
        Account memory a = _accounts[account];
        return (a.role, a.unit);
    }

    /// @inheritdoc IBatteryInterface
    function isSuspended(address account) external view returns (bool) {
        return _accounts[account].suspended;
    }

    /// @inheritdoc IBatteryInterface
    function accountOfUnit(uint32 unit) external view returns (address) {
        return _unitAccounts[unit];
    }

    /// @inheritdoc IBatteryInterface
    function priceOf(uint32 batteryId) public view returns (uint256) {
        (uint256 price,) = _priceOf(batteryId, _config);
        return price;
    }

    /// @inheritdoc IBatteryInterface
    function quoteSwap(uint32 evBatteryId, uint32 stationBatteryId)
        external
        view
        returns (int256 difference, uint256 fee, uint256 cost)
    {
        return _quote(evBatteryId, stationBatteryId, _config);
    }

    /// @inheritdoc IBatteryInterface
    function getSwap(uint32 swapId) external view returns (SwapRequest memory) {
        Swap memory s = _swaps[swapId];
        return SwapRequest({
            evOwner: _unitAccounts[s.evUnit],
            evBatteryId: s.evBatteryId,
            stationBatteryId: s.stationBatteryId,
            stationUnit: s.stationUnit,
            status: s.status,
            difference: s.difference,
            fee: s.fee,
            escrow: _escrowOf(s.difference, s.fee)
        });
    }

    /// @inheritdoc IBatteryInterface
    function holdOf(uint32 batteryId) external view returns (BatteryHold memory) {
        Hold memory h = _holds[batteryId];
        return BatteryHold(_unitAccounts[h.evUnit], h.evUnit, h.stationUnit, h.until, h.fee);
    }

    /// @inheritdoc IBatteryInterface
    function heldBy(uint32 evUnit) external view returns (uint32) {
        return _heldBy[evUnit];
    }

    /// @inheritdoc IBatteryInterface
    function holdTerms() external view returns (HoldTerms memory) {
        return _holdTerms;
    }

    /// @inheritdoc IBatteryInterface
    function feeOf(Operation operation) external view returns (uint256) {
        return _feeOf(_config, operation);
    }

    /// @inheritdoc IBatteryInterface
    function energyPrice() external view returns (uint256) {
        return _config.energyPricePerKWh;
    }

    /// @inheritdoc IBatteryInterface
    function paused() external view returns (bool) {
        return _config.paused;
    }

    /// @inheritdoc IBatteryInterface
    function batteryProcess() external view returns (address) {
        return address(_batteries);
    }

    /// @inheritdoc IBatteryInterface
    function balanceProcess() external view returns (address) {
        return address(_ecoin);
    }

    // ---------------------------------------------------------------- internals

    function _registerBattery(StaticInfo calldata info, BatteryReading calldata reading, bytes32 tag)
        private
        returns (uint32 batteryId)
    {
        Config memory c = _liveConfig();
        (address sender, Account memory a) = _caller();
        if (a.role == Role.None) revert BatteryInterfaceUnauthorizedAccount(sender, Role.EVOwner);
        _chargeFee(sender, c.feeRegisterBattery);
        batteryId = _batteries.register(info, reading, sender, a.unit, tag);
    }

    function _discharge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration) private {
        Config memory c = _liveConfig();
        (address sender, Account memory a) = _caller();
        if (a.role == Role.None) revert BatteryInterfaceUnauthorizedAccount(sender, Role.EVOwner);
        (address owner, uint32 holder, BatteryStatus status) =
            _batteries.recordDischarge(batteryId, energyWh, socPermille, duration);
        _requireUsable(sender, a, batteryId, owner, holder, status);
        _chargeFee(sender, c.feeDischarge);
    }

    function _charge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration) private {
        Config memory c = _liveConfig();
        (address sender, Account memory a) = _callerWithRole(Role.StationOperator);
        (address owner, uint32 holder, BatteryStatus status) =
            _batteries.recordCharge(batteryId, energyWh, socPermille, duration);
        _requireUsable(sender, a, batteryId, owner, holder, status);
        _chargeFee(sender, c.feeCharge);
    }

    function _register(address account, Role role, uint32 unit) private {
        if (_accounts[account].role != Role.None || _unitAccounts[unit] != address(0) || account == address(0)) {
            revert BatteryInterfaceAlreadyRegistered(account, unit);
        }
        _accounts[account] = Account(role, unit, false);
        _unitAccounts[unit] = account;
        emit AccountRegistered(account, role, unit);
    }

    function _liveConfig() private view returns (Config memory c) {
        c = _config;
        if (c.paused) revert BatteryInterfacePaused();
    }

    /// @dev The caller and its record; a suspended account can do nothing (the flag shares the record's slot).
    function _caller() private view returns (address sender, Account memory a) {
        sender = _msgSender();
        a = _accounts[sender];
        if (a.suspended) revert BatteryInterfaceAccountSuspended(sender);
    }

    function _callerWithRole(Role role) private view returns (address sender, Account memory a) {
        (sender, a) = _caller();
        if (a.role != role) revert BatteryInterfaceUnauthorizedAccount(sender, role);
    }

    /// @dev The battery must be the caller's, in the caller's unit, and in service.
    function _requireUsable(
        address sender,
        Account memory a,
        uint32 batteryId,
        address owner,
        uint32 holder,
        BatteryStatus status
    ) private pure {
        if (owner != sender || holder != a.unit) {
            revert BatteryInterfaceNotYourBattery(sender, batteryId);
        }
        if (status != BatteryStatus.InService) revert BatteryInterfaceBatteryNotInService(batteryId);
    }

    function _chargeFee(address payer, uint32 fee) private {
        if (fee > 0) _ecoin.controllerTransfer(payer, treasury, fee);
    }

    /// @dev The pending swap `swapId`, which must be the one the operator decided on: the same two batteries
    /// at the same difference. Ids count requests in chain order, so a fork that reorders two requests gives
    /// an id to another request; naming the terms makes deciding on that other request revert. The terms are
    /// checked before the station, so an operator whose id now names another station's swap is told so.
    function _pendingSwapOf(
        uint32 swapId,
        uint32 unit,
        address sender,
        uint32 evBatteryId,
        uint32 stationBatteryId,
        int256 difference
    ) private view returns (Swap memory s) {
        s = _swaps[swapId];
        if (s.status != SwapStatus.Pending) revert BatteryInterfaceSwapNotPending(swapId);
        if (s.evBatteryId != evBatteryId || s.stationBatteryId != stationBatteryId || s.difference != difference) {
            revert BatteryInterfaceSwapTermsMismatch(swapId, s.evBatteryId, s.stationBatteryId, s.difference);
        }
        if (s.stationUnit != unit) revert BatteryInterfaceNotSwapParty(sender, swapId);
    }

    /// @dev Locks both batteries of a swap request; the EV battery must be the caller's, the other a
    /// station's, both in service. Returns the station's unit.
    function _lockPair(address sender, Account memory a, uint32 evBatteryId, uint32 stationBatteryId)
        private
        returns (uint32 stationUnit)
    {
        (address evOwner, uint32 evHolder, BatteryStatus evStatus) =
            _batteries.setStatus(evBatteryId, BatteryStatus.SwapPending);
        _requireUsable(sender, a, evBatteryId, evOwner, evHolder, evStatus);
        BatteryStatus stationStatus;
        // The owner is not needed: a battery's owner is always the account of its holder unit.
        // slither-disable-next-line unused-return
        (, stationUnit, stationStatus) = _batteries.setStatus(stationBatteryId, BatteryStatus.SwapPending);
        if (!Units.isStation(stationUnit)) revert BatteryInterfaceNotYourBattery(sender, stationBatteryId);
        if (stationStatus != BatteryStatus.InService) revert BatteryInterfaceBatteryNotInService(stationBatteryId);
    }

    /// @dev Denied or cancelled: both batteries back in service, the escrow back to the EV owner.
    function _unwind(Swap memory s, address evOwner) private {
        // Nothing to check in what these return: a pending swap's two batteries are locked (SwapPending) by it
        // alone, so neither has moved or been recycled since the request (invariant_oneRegisteredHolder).
        // slither-disable-next-line unused-return
        _batteries.setStatus(s.evBatteryId, BatteryStatus.InService);
        // slither-disable-next-line unused-return
        _batteries.setStatus(s.stationBatteryId, BatteryStatus.InService);
        uint256 escrow = _escrowOf(s.difference, s.fee);
        if (escrow > 0) _ecoin.controllerTransfer(address(this), evOwner, escrow);
    }

    /// @dev Ends a hold: a used one gives the fee back to the EV owner, an unused one pays it where the hold's
    /// terms said when it was taken.
    function _endHold(uint32 batteryId, Hold memory h, bool used) private {
        _clearHold(batteryId, h);
        _payHold(batteryId, h, used);
    }

    function _clearHold(uint32 batteryId, Hold memory h) private {
        delete _holds[batteryId];
        if (_heldBy[h.evUnit] == batteryId) delete _heldBy[h.evUnit];
    }

    function _payHold(uint32 batteryId, Hold memory h, bool used) private {
        address evOwner = _unitAccounts[h.evUnit];
        // Indexed by the rule rather than compared with it: ForfeitTo's order is Station, Treasury, EVOwner.
        address feeTo = used ? evOwner : [_unitAccounts[h.stationUnit], treasury, evOwner][uint8(h.forfeitTo)];
        if (h.fee > 0) _ecoin.controllerTransfer(address(this), feeTo, h.fee);
        emit BatteryHoldEnded(batteryId, evOwner, h.stationUnit, used, feeTo, h.fee);
    }

    /// @dev What the EV owner escrowed on request: max(difference, 0) + fee (below 2^89, so no overflow).
    function _escrowOf(int88 difference, uint32 fee) private pure returns (uint64) {
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 escrow = (difference > 0 ? uint256(int256(difference)) : 0) + fee; // > 0: no wrap
        // requestSwap checked cost.toUint64() for this very sum, so it fits.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(escrow);
    }

    function _quote(uint32 evBatteryId, uint32 stationBatteryId, Config memory c)
        private
        view
        returns (int256 difference, uint256 fee, uint256 cost)
    {
        (uint256 evPrice,) = _priceOf(evBatteryId, c);
        (uint256 stationPrice, bool exhausted) = _priceOf(stationBatteryId, c);
        // A worn-out battery is flagged and not offered: quoting it would offer it.
        if (exhausted) revert BatteryInterfaceBatteryExhausted(stationBatteryId);
        // Prices are below 2^65 + 2^64 (manufacturePrice is a uint64, energy value a uint32 times a uint32
        // / 1000), so neither cast can wrap.
        // forge-lint: disable-next-line(unsafe-typecast)
        difference = int256(stationPrice) - int256(evPrice);
        fee = c.feeSwap;
        // forge-lint: disable-next-line(unsafe-typecast)
        cost = (difference > 0 ? uint256(difference) : 0) + fee; // > 0: no wrap
    }

    /// @dev The price of docs/price.md, and whether the battery is exhausted.
    function _priceOf(uint32 batteryId, Config memory c) private view returns (uint256, bool) {
        // Declared in the destructuring, not as named returns: empty memory structs allocated first cost 867 gas.
        (StaticInfo memory s, DynamicInfo memory d, uint256 wear, bool exhausted) = _batteries.priceInputsOf(batteryId);
        return (BatteryPricing.price(s, d, c.energyPricePerKWh, block.timestamp, wear), exhausted);
    }

    function _feeOf(Config memory c, Operation operation) private pure returns (uint256) {
        if (operation == Operation.RegisterBattery) return c.feeRegisterBattery;
        if (operation == Operation.Charge) return c.feeCharge;
        if (operation == Operation.Discharge) return c.feeDischarge;
        if (operation == Operation.Recycle) return c.feeRecycle;
        return c.feeSwap;
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    // Unused here, but Context and ERC2771Context both define it, so it must be overridden.
    // slither-disable-next-line dead-code
    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
