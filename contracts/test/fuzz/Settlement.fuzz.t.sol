// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {StaticInfo, Operation, SwapRequest, SwapStatus} from "../../src/interfaces/BatteryTypes.sol";

/// @notice Swap settlement for random prices and fees: the escrow on request and the balances after approval,
/// denial or cancellation match the formula of docs/contracts.md, and no E-coin is made or lost.
contract SettlementFuzzTest is Base {
    struct Balances {
        uint256 ev;
        uint256 station;
        uint256 treasury;
        uint256 escrow;
        uint256 supply;
    }

    function _balances() internal view returns (Balances memory b) {
        b = Balances({
            ev: bal.balanceOf(evOwner),
            station: bal.balanceOf(operator),
            treasury: bal.balanceOf(superAccount),
            escrow: bal.balanceOf(address(iface)),
            supply: bal.totalSupply()
        });
    }

    /// @dev Two batteries of random manufacture price and energy, a random fee and energy price, and enough
    /// E-coin on both sides to settle any of them; returns the ids and the swap requested.
    function _setUpSwap(
        uint64[2] memory manufacturePrices,
        uint32[2] memory energies,
        uint32 fee,
        uint32 energyPrice,
        uint256 age
    ) internal returns (uint32 evBattery, uint32 stationBattery, int256 difference, uint256 cost) {
        vm.startPrank(superAccount);
        iface.setFee(Operation.Swap, fee);
        iface.setEnergyPrice(energyPrice);
        // Prices are below 2^64 + 2^32 * 2^32 / 1000; grant what covers the worst case on both sides.
        iface.grantECoin(evOwner, uint256(type(uint64).max) * 2 + type(uint32).max);
        iface.grantECoin(operator, uint256(type(uint64).max) * 2);
        vm.stopPrank();

        // Manufacture prices below 2^63 keep every escrow within the uint64 of SwapRequest (Swaps.t.sol has the
        // revert past it).
        manufacturePrices[0] = uint64(bound(manufacturePrices[0], 0, type(uint64).max / 2));
        manufacturePrices[1] = uint64(bound(manufacturePrices[1], 0, type(uint64).max / 2));
        StaticInfo memory s = _staticInfo();
        s.manufacturePrice = manufacturePrices[0];
        evBattery = _registerBattery(evOwner, s, _reading(energies[0], 500));
        s.manufacturePrice = manufacturePrices[1];
        stationBattery = _registerBattery(operator, s, _reading(energies[1], 500));
        vm.warp(block.timestamp + bound(age, 0, 30 * 365 days));

        int256 expectedDifference = int256(iface.priceOf(stationBattery)) - int256(iface.priceOf(evBattery));
        uint256 expectedCost = (expectedDifference > 0 ? uint256(expectedDifference) : 0) + fee;
        uint256 q;
        (difference,, q) = iface.quoteSwap(evBattery, stationBattery);
        assertEq(difference, expectedDifference, "quote difference");
        assertEq(q, expectedCost, "quote cost");
        cost = expectedCost;
    }

    function testFuzz_requestSwap_escrowsMaxDifferenceZeroPlusFee(
        uint64[2] memory manufacturePrices,
        uint32[2] memory energies,
        uint32 fee,
        uint32 energyPrice,
        uint256 age
    ) public {
        (uint32 evBattery, uint32 stationBattery, int256 difference, uint256 cost) =
            _setUpSwap(manufacturePrices, energies, fee, energyPrice, age);
        Balances memory b0 = _balances();
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, cost);
        Balances memory b1 = _balances();

        SwapRequest memory s = iface.getSwap(swapId);
        assertEq(s.difference, difference);
        assertEq(s.fee, fee);
        assertEq(s.escrow, cost);
        assertEq(b1.ev, b0.ev - cost);
        assertEq(b1.escrow, b0.escrow + cost);
        assertEq(b1.station, b0.station);
        assertEq(b1.treasury, b0.treasury);
        assertEq(b1.supply, b0.supply);
    }

    function testFuzz_approveSwap_settlesByTheFormula(
        uint64[2] memory manufacturePrices,
        uint32[2] memory energies,
        uint32 fee,
        uint32 energyPrice,
        uint256 age
    ) public {
        (uint32 evBattery, uint32 stationBattery, int256 difference, uint256 cost) =
            _setUpSwap(manufacturePrices, energies, fee, energyPrice, age);
        Balances memory b0 = _balances();
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, cost);
        vm.warp(block.timestamp + 30 days); // prices move; the settlement does not
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        Balances memory b2 = _balances();

        // ev: - max(d, 0) - fee + max(-d, 0) = - d - fee;  station: + d;  treasury: + fee.
        assertEq(int256(b2.ev), int256(b0.ev) - difference - int256(uint256(fee)), "EV owner");
        assertEq(int256(b2.station), int256(b0.station) + difference, "station");
        assertEq(b2.treasury, b0.treasury + fee, "treasury");
        assertEq(b2.escrow, b0.escrow, "escrow");
        assertEq(b2.supply, b0.supply, "supply");
        assertEq(uint8(iface.getSwap(swapId).status), uint8(SwapStatus.Approved));
        assertEq(_dyn(evBattery).owner, operator);
        assertEq(_dyn(stationBattery).owner, evOwner);
    }

    function testFuzz_denyOrCancelSwap_restoresEveryBalance(
        uint64[2] memory manufacturePrices,
        uint32[2] memory energies,
        uint32 fee,
        uint32 energyPrice,
        uint256 age,
        bool deny
    ) public {
        (uint32 evBattery, uint32 stationBattery,, uint256 cost) =
            _setUpSwap(manufacturePrices, energies, fee, energyPrice, age);
        Balances memory b0 = _balances();
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, cost);
        if (deny) {
            SwapRequest memory t = iface.getSwap(swapId);
            vm.prank(operator);
            iface.denySwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        } else {
            vm.prank(evOwner);
            iface.cancelSwap(swapId);
        }
        assertEq(keccak256(abi.encode(_balances())), keccak256(abi.encode(b0)));
        assertEq(_dyn(evBattery).owner, evOwner);
        assertEq(_dyn(stationBattery).owner, operator);
    }
}
